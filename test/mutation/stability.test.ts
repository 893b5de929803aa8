import { describe, expect, test } from 'vitest'
import { loadCases } from '../../conformance/registry.js'
import { runCases } from '../../conformance/runner.js'
import type { RunnerOptions } from '../../conformance/runner.js'
import { openSession } from '../../conformance/targets/session.js'
import { noNonceManager } from './facilitatorVariants.js'

// Money-moving facilitator cases (and the nonce-management case) against a facilitator without a nonce
// manager, at the default concurrency, with money-moving cases taking turns as they do against any external
// target: the failure is one root cause and must show once, under its own clause, the same in every run.
const grep =
  /^facilitator\.(control|nonce\.distinct-concurrent|settle\.transaction-named|funds\.exact-balance|amount\.large-exact)/

async function failingIds(seed: number, options: Partial<RunnerOptions> = {}): Promise<string[]> {
  const { session, close } = await openSession({ variant: noNonceManager, seed, runs: 3, strict: false })
  try {
    const outcome = await runCases(session, await loadCases(), {
      grep,
      strict: false,
      timeoutMs: 30_000,
      knownFailures: new Set(),
      concurrency: 6,
      serialMoney: true,
      ...options,
    })
    expect(outcome.invalid).toBe(false)
    expect(outcome.results.filter((r) => r.status === 'error')).toEqual([])
    return outcome.results
      .filter((r) => r.status === 'fail')
      .map((r) => `${r.id}@v${r.version}`)
      .sort()
  } finally {
    await close()
  }
}

describe('stable ids, stable verdicts', () => {
  test('two runs against one faulty facilitator fail the same ids: one finding for one root cause', async () => {
    const first = await failingIds(402)
    const second = await failingIds(403)
    expect(first).toEqual(['facilitator.nonce.distinct-concurrent@v2'])
    expect(second).toEqual(first)
  }, 240_000)
})
