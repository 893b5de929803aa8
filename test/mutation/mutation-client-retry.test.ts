import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openClientSession } from '../../conformance/client/harness.js'
import { clientContextOf } from '../../conformance/client/options.js'
import { loadCases } from '../../conformance/registry.js'
import { runCases } from '../../conformance/runner.js'
import { clientRetryVariants, faultyRetryClient } from './clientRetryVariants.js'

// Each faulty retry client fails the case named beside it: a MUST case, or (strict) a SHOULD case under --strict.
// The reference client passes the same cases (the sanity row), so a failure means the fault, not the harness.
describe('mutation check: paying clients retrying a pending settlement or sending a payment-identifier', () => {
  let opened: Awaited<ReturnType<typeof openClientSession>>
  beforeAll(async () => {
    opened = await openClientSession({ command: '', limits: {}, invocationTimeoutMs: 25_000, seed: 402, runs: 1, strict: true })
  }, 120_000)
  afterAll(async () => opened?.close())

  const rows = [
    ...clientRetryVariants.map((v) => [v.fault, v.grep, v.strict, true] as const),
    [
      'none (the reference client)',
      /^client\.(pending\.charged-once|extensions\.payment-id-(reused|required))$/,
      true,
      false,
    ] as const,
  ]
  test.each(rows)(
    '%s',
    async (fault, grep, strict, faulty) => {
      const command = faulty
        ? `node --import tsx ${faultyRetryClient} ${fault} {URL}`
        : 'node --import tsx conformance/cli/main.ts pay {URL}'
      const cases = (await loadCases()).filter((c) => c.role === 'client')
      const outcome = await runCases(opened.session, cases, {
        grep,
        strict,
        timeoutMs: 120_000,
        knownFailures: new Set(),
        concurrency: 2,
        clientContext: clientContextOf({ ...opened.harness, command }),
      })
      const levels = strict ? ['MUST', 'SHOULD'] : ['MUST']
      const failed = outcome.results.filter((r) => levels.includes(r.level) && r.status === 'fail')
      const ran = outcome.results.filter((r) => r.status === 'pass' || r.status === 'fail')
      expect(ran.length, `no case matching ${grep} ran`).toBeGreaterThan(0)
      if (faulty) expect(failed.length, `${fault} was not caught by ${grep}`).toBeGreaterThan(0)
      else
        expect(
          outcome.results.filter((r) => r.status !== 'pass').map((r) => `${r.id}@v${r.version} ${r.status}: ${r.message}`),
        ).toEqual([])
    },
    300_000,
  )
})
