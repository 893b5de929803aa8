// Wall time of the full default conformance run (`npx x402-conformance`): chain start, embedded reference
// roles, every case at every version, teardown. Baseline: the same run one case at a time
// (--concurrency 1), measured in the same process, so the ratio is what concurrency buys.
import { loadCases } from '../conformance/registry.js'
import { runCases } from '../conformance/runner.js'
import { openSession } from '../conformance/targets/session.js'
import { result, type Bench } from './types.js'

async function fullRun(concurrency: number): Promise<{ ms: number; results: number; failed: number }> {
  const cases = await loadCases()
  const start = performance.now()
  const { session, close } = await openSession({ seed: 402, runs: 10, strict: false })
  try {
    const outcome = await runCases(session, cases, { strict: false, timeoutMs: 30_000, knownFailures: new Set(), concurrency })
    const ran = outcome.results.filter((r) => r.status !== 'skip')
    return {
      ms: performance.now() - start,
      results: ran.length,
      failed: outcome.results.filter((r) => r.status === 'fail').length,
    }
  } finally {
    await close()
  }
}

const bench: Bench = async () => {
  const ours = await fullRun(6)
  const serial = await fullRun(1)
  const notes = (r: typeof ours) => `${r.results} case results, ${r.failed} failed`
  return [
    result({
      name: 'suite: full default run (wall time, chain start included)',
      unit: 's',
      ours: ours.ms / 1000,
      baseline: serial.ms / 1000,
      baselineName: 'same run, --concurrency 1',
      higherIsBetter: false,
      notes: `target ≤ 30 s; ${notes(ours)}`,
    }),
    result({
      name: 'suite: case results per second',
      unit: 'cases/s',
      ours: ours.results / (ours.ms / 1000),
      baseline: serial.results / (serial.ms / 1000),
      baselineName: 'same run, --concurrency 1',
      higherIsBetter: true,
      notes: notes(serial),
    }),
  ]
}
export default bench
