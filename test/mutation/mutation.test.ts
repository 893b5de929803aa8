import { describe, expect, test } from 'vitest'
import { loadCases } from '../../conformance/registry.js'
import { runCases } from '../../conformance/runner.js'
import { openSession } from '../../conformance/targets/session.js'
import { facilitatorVariants } from './facilitatorVariants.js'
import { variants as baseVariants } from './variants.js'

const variants = [...baseVariants, ...facilitatorVariants]

// Each faulty variant of the reference roles must make at least one MUST case fail (or a control
// fail, which invalidates the run). The suite proves itself: a variant nobody catches is a hole.
describe('mutation check', () => {
  test('at least 12 variants', () => {
    expect(variants.length).toBeGreaterThanOrEqual(12)
  })

  test.each(variants.map((v) => [v.name, v] as const))('%s is caught', async (_name, v) => {
    const cases = await loadCases()
    const { session, close } = await openSession({ variant: v.variant, seed: 402, runs: 3, strict: false })
    try {
      const outcome = await runCases(session, cases, { grep: v.grep, strict: false, timeoutMs: 30_000, knownFailures: new Set(), concurrency: 6 })
      const caught = outcome.results.filter((r) => r.level === 'MUST' && r.status === 'fail').map((r) => `${r.id}@v${r.version}: ${r.message ?? ''}`)
      expect(caught.length, `${v.name} (${v.mistake}) was not caught by any MUST case matching ${v.grep}`).toBeGreaterThan(0)
    } finally {
      await close()
    }
  }, 180_000)
})
