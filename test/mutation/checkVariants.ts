import { describe, expect, test } from 'vitest'
import { loadCases } from '../../conformance/registry.js'
import { runCases } from '../../conformance/runner.js'
import { openSession } from '../../conformance/targets/session.js'
import type { Variant } from './variants.js'

// Mistakes without a consequence (DESIGN §10: hygiene): a server that asks its facilitator about a payment
// matching none of its offers is refused there and charges nothing; a HEAD answered 2xx unpaid carries no body and
// charges nothing; a success naming a no-op transaction after a front-run is wrong only in its receipt (the payee
// was paid once). Caught when a SHOULD case fails under --strict.
const hygiene = new Set(['accept-any-offer', 'head-is-free', 'ignore-transfer-event'])

/**
 * Each faulty variant of the reference roles must make at least one MUST case fail (or a control fail, which
 * invalidates the run). The suite proves itself: a variant nobody catches is a hole. The variants are spread
 * over several test files so that the test runner can check them side by side.
 */
export function describeVariants(title: string, variants: readonly Variant[]): void {
  describe(`mutation check: ${title}`, () => {
    test.each(variants.map((v) => [v.name, v] as const))(
      '%s is caught',
      async (_name, v) => {
        const cases = await loadCases()
        const strict = hygiene.has(v.name)
        const { session, close } = await openSession({ variant: v.variant, seed: 402, runs: 3, strict })
        try {
          const options = { grep: v.grep, strict, timeoutMs: 30_000, knownFailures: new Set<string>(), concurrency: 6 }
          const outcome = await runCases(session, cases, options)
          const levels = strict ? ['MUST', 'SHOULD'] : ['MUST']
          const caught = outcome.results.filter((r) => levels.includes(r.level) && r.status === 'fail')
          const what = `${v.name} (${v.mistake}) was not caught by any ${levels.join(' or ')} case matching ${v.grep}`
          expect(caught.map((r) => `${r.id}@v${r.version}: ${r.message ?? ''}`).length, what).toBeGreaterThan(0)
        } finally {
          await close()
        }
      },
      180_000,
    )
  })
}
