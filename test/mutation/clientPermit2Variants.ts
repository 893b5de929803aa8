import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openClientSession } from '../../conformance/client/harness.js'
import { clientContextOf } from '../../conformance/client/options.js'
import { loadCases } from '../../conformance/registry.js'
import { runCases } from '../../conformance/runner.js'
import type { ClientVariant } from './clientVariants.js'

/** Faulty Permit2 clients (test/mutation/faultyPermit2Client.ts <fault>), each with the MUST case expected to fail it. */
export const clientPermit2Variants: readonly ClientVariant[] = [
  { fault: 'spender-other', mistake: 'names another address as spender', grep: /^client\.permit2\.exact-spender$/ },
  {
    fault: 'witness-other',
    mistake: 'signs another recipient as witness.to',
    grep: /^client\.permit2\.exact-witness-recipient$/,
  },
  { fault: 'overpays', mistake: 'permits twice the exact amount', grep: /^client\.permit2\.exact-amount$/ },
  { fault: 'reuses-nonce', mistake: 'signs every permit with the same nonce', grep: /^client\.permit2\.nonce-fresh$/ },
  { fault: 'wrong-domain', mistake: 'signs in the Permit2 domain of chain 1', grep: /^client\.permit2\.exact-domain$/ },
  { fault: 'upto-above-max', mistake: 'permits twice the upto maximum', grep: /^client\.permit2\.upto-maximum$/ },
  {
    fault: 'upto-other-facilitator',
    mistake: 'signs another facilitator into the upto witness',
    grep: /^client\.permit2\.upto-facilitator$/,
  },
  {
    fault: 'witness-reordered',
    mistake: 'hashes the Witness members in another order',
    grep: /^client\.permit2\.exact-settles$/,
  },
]

const script = fileURLToPath(new URL('./faultyPermit2Client.ts', import.meta.url))
const pay = fileURLToPath(new URL('../../conformance/cli/main.ts', import.meta.url))

/** Runs the Permit2 client cases matching `grep` against the faulty client `fault` on one shared chain. */
export function describeClientPermit2Variants(): void {
  describe('mutation check: paying clients of Permit2 and upto', () => {
    let opened: Awaited<ReturnType<typeof openClientSession>>
    beforeAll(async () => {
      const limits = { maxPerRequest: 50_000n, budget: 20_000n }
      opened = await openClientSession({ command: '', limits, invocationTimeoutMs: 25_000, seed: 402, runs: 1, strict: true })
    }, 120_000)
    afterAll(async () => opened?.close())

    const run = async (fault: string, grep: RegExp, command = `node --import tsx ${script} ${fault} {URL}`) => {
      const harness = { ...opened.harness, command }
      const cases = (await loadCases()).filter((c) => c.role === 'client')
      const options = { grep, strict: true, timeoutMs: 120_000, knownFailures: new Set<string>(), concurrency: 2 }
      return (await runCases(opened.session, cases, { ...options, clientContext: clientContextOf(harness) })).results
    }

    test('the fault-free Permit2 client passes every Permit2 case, upto included', async () => {
      const results = await run('none', /^client\.permit2\./)
      expect(results.filter((r) => r.status !== 'pass').map((r) => `${r.id}: ${r.status} ${r.message ?? ''}`)).toEqual([])
      expect(results.length).toBeGreaterThanOrEqual(12)
    }, 300_000)

    test('the reference client (pay --scheme exact --scheme upto) passes every Permit2 case, upto included', async () => {
      const results = await run('', /^client\.permit2\./, `node --import tsx ${pay} pay --scheme exact --scheme upto {URL}`)
      expect(results.filter((r) => r.status !== 'pass').map((r) => `${r.id}: ${r.status} ${r.message ?? ''}`)).toEqual([])
      expect(results.length).toBeGreaterThanOrEqual(12)
    }, 300_000)

    test.each(clientPermit2Variants.map((v) => [v.fault, v] as const))(
      '%s is caught',
      async (_fault, v) => {
        const caught = (await run(v.fault, v.grep)).filter((r) => r.level === 'MUST' && r.status === 'fail')
        expect(caught.length, `${v.fault} (${v.mistake}) was not caught by ${v.grep}`).toBeGreaterThan(0)
      },
      300_000,
    )
  })
}
