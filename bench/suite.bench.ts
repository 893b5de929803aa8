// Wall time of the full default conformance run (`npx x402-conformance`): chain start, embedded reference
// roles, every case at every version, teardown. Baseline: the same run one case at a time
// (--concurrency 1), measured in the same process, so the ratio is what concurrency buys. As the CLI does,
// a concurrent run gives the exclusive cases two more chains of their own (docs/decisions.md, issue 17).
import { loadCases } from '../conformance/registry.js'
import { runCases } from '../conformance/runner.js'
import { openSessionWithLanes } from '../conformance/targets/session.js'
import { result, type Bench } from './types.js'

type Run = { ms: number; startMs: number; closeMs: number; results: number; failed: number; slowest: string }

async function fullRun(concurrency: number): Promise<Run> {
  const cases = await loadCases()
  const start = performance.now()
  const opened = await openSessionWithLanes({ seed: 402, runs: 10, strict: false }, concurrency > 1)
  const startMs = performance.now() - start
  let closing = 0
  let outcome: Awaited<ReturnType<typeof runCases>>
  try {
    const options = { strict: false, timeoutMs: 30_000, knownFailures: new Set<string>(), concurrency }
    outcome = await runCases(opened.session, cases, { ...options, exclusiveSessions: opened.lanes })
  } finally {
    closing = performance.now()
    await opened.close()
  }
  const ran = outcome.results.filter((r) => r.status !== 'skip')
  const slowest = [...ran]
    .sort((x, y) => y.durationMs - x.durationMs)
    .slice(0, 5)
    .map((r) => `${r.id} v${r.version} ${(r.durationMs / 1000).toFixed(1)} s`)
    .join(', ')
  return {
    ms: performance.now() - start,
    startMs,
    closeMs: performance.now() - closing,
    results: ran.length,
    failed: outcome.results.filter((r) => r.status === 'fail').length,
    slowest,
  }
}

const bench: Bench = async () => {
  const ours = await fullRun(6)
  const serial = await fullRun(1)
  const notes = (r: Run) =>
    `${r.results} case results, ${r.failed} failed; chain and roles started in ${(r.startMs / 1000).toFixed(1)} s, ` +
    `stopped in ${(r.closeMs / 1000).toFixed(1)} s; slowest: ${r.slowest}`
  return [
    result({
      name: 'suite: full default run (wall time, chain start included)',
      unit: 's',
      ours: ours.ms / 1000,
      baseline: serial.ms / 1000,
      baselineName: 'same run, --concurrency 1',
      higherIsBetter: false,
      notes: `target ≤ 10 s; ${notes(ours)}`,
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
