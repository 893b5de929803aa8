import { describe, expect, test } from 'vitest'
import { withFuzz } from '../../conformance/fuzz/cases.js'
import { loadCases } from '../../conformance/registry.js'
import { runCases } from '../../conformance/runner.js'
import type { RunOutcome } from '../../conformance/runner.js'
import type { EmbeddedVariant } from '../../conformance/targets/embedded.js'
import { openSession } from '../../conformance/targets/session.js'
import { describeVariants } from './checkVariants.js'
import { fuzzVariants, waitVariants } from './fuzzVariants.js'

describeVariants('bounded settle wait', waitVariants)

/** A `--fuzz 200` run of the fuzz cases matching `grep` against the embedded reference (or a variant of it). */
async function fuzzRun(grep: RegExp, variant?: EmbeddedVariant): Promise<RunOutcome> {
  const cases = withFuzz(await loadCases(), { inputs: 200, seed: 402 })
  const { session, close } = await openSession({ ...(variant ? { variant } : {}), seed: 402, runs: 3, strict: false })
  try {
    return await runCases(session, cases, { grep, strict: false, timeoutMs: 30_000, knownFailures: new Set(), concurrency: 6 })
  } finally {
    await close()
  }
}

describe('fuzz (--fuzz 200)', () => {
  test('the embedded reference passes for both roles and versions', async () => {
    const outcome = await fuzzRun(/\.fuzz\./)
    const fuzz = outcome.results.filter((r) => r.id.includes('.fuzz.'))
    const must = fuzz.filter((r) => r.level === 'MUST')
    expect(new Set(must.map((r) => `${r.role}@v${r.version}`))).toEqual(
      new Set(['facilitator@v1', 'facilitator@v2', 'server@v1', 'server@v2']),
    )
    expect(must.filter((r) => r.status !== 'pass').map((r) => `${r.id}@v${r.version}: ${r.message}`)).toEqual([])
    expect(fuzz.find((r) => r.id === 'server.fuzz.no-5xx')?.info.join(' ')).toMatch(/^100 inputs/)
  }, 300_000)

  test.each(fuzzVariants.map((v) => [v.name, v] as const))(
    '%s is caught, with a shrunk input in the evidence',
    async (_name, v) => {
      const outcome = await fuzzRun(v.grep, v.variant)
      const caught = outcome.results.filter((r) => r.id.endsWith(`.fuzz.${v.oracle}`) && r.status === 'fail')
      expect(caught.length, `${v.name} (${v.mistake}) was not caught by the ${v.oracle} oracle`).toBeGreaterThan(0)
      const evidence = (caught[0]?.evidence ?? {}) as { finding?: { input?: unknown; request?: unknown; seed?: number } }
      const { finding } = evidence
      expect(finding?.seed).toBe(402)
      expect(finding?.input).toBeDefined()
      expect(finding?.request).toBeDefined()
    },
    300_000,
  )
})
