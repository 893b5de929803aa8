// Offline verify throughput. Ours (verifyPaymentOffline: shape, every field check, digest, recovery) against
// bare native libsecp256k1 recovery plus the same digest work, against today's pure-JS path (@noble/curves,
// X402_SECP256K1=noble) and, as before, against viem's recoverTypedDataAddress of the same payloads.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { GCProfiler, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { recoverTypedDataAddress } from 'viem'
import { result } from './types.js'
import type { BenchResult } from './types.js'
import { verifyFixtures } from './verifyFixtures.js'
import type { VerifyFixtures } from './verifyFixtures.js'
import { median, opsPerSecond, ours, verifyRounds } from './verifyRounds.js'
import type { VerifyRounds } from './verifyRounds.js'

const rounds = 7
const perRound = { native: 2_000, wasm: 600, noble: 200 } as const
const memoryRuns = { ours: 10_000, viem: 2_000 } as const

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

async function viemBaseline(f: VerifyFixtures, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const p = f.payments[i % f.payments.length]!
    const from = await recoverTypedDataAddress(p.typedData)
    if (from !== p.typedData.message.from) throw new Error(`bench payment ${i} did not recover`)
  }
}

/** The same rounds in a fresh process whose verify path uses `backend` (chosen at start-up, as in production). */
function worker(backend: 'wasm' | 'noble'): VerifyRounds {
  const file = fileURLToPath(new URL('./verify-worker.ts', import.meta.url))
  const args = ['--import', 'tsx', file, JSON.stringify({ rounds, perRound: perRound[backend] })]
  const env = { ...process.env, X402_SECP256K1: backend }
  const run = spawnSync(process.execPath, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  if (run.status !== 0) throw new Error(`verify worker (${backend}) exited with ${run.status}`)
  const rounds_ = JSON.parse(run.stdout) as VerifyRounds
  if (rounds_.backend !== backend) throw new Error(`verify worker asked for ${backend} ran ${rounds_.backend}`)
  return rounds_
}

/**
 * Bytes allocated over `runs` calls (sum of what each GC freed plus the final growth, from V8's
 * GC profiler) and bytes retained after a full GC, both in KiB.
 */
async function memory(fn: (n: number) => unknown, runs: number): Promise<{ allocated: number; retained: number }> {
  gc()
  const before = process.memoryUsage().heapUsed
  const profiler = new GCProfiler()
  profiler.start()
  await fn(runs)
  const end = process.memoryUsage().heapUsed
  const stats = profiler.stop()?.statistics ?? []
  const freed = stats.reduce(
    (sum, s) => sum + Math.max(0, s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize),
    0,
  )
  gc()
  return { allocated: (freed + end - before) / 1024, retained: (process.memoryUsage().heapUsed - before) / 1024 }
}

export default async function verifyBench(): Promise<BenchResult[]> {
  const f = await verifyFixtures()
  const here = verifyRounds(f, rounds, perRound.native)
  await viemBaseline(f, 500)
  const viem: number[] = []
  const oursAgain: number[] = []
  for (let r = 0; r < rounds; r++) {
    oursAgain.push(opsPerSecond((n) => ours(f, n), perRound.native))
    const start = process.hrtime.bigint()
    await viemBaseline(f, 500)
    viem.push(500 / (Number(process.hrtime.bigint() - start) / 1e9))
  }
  const memOurs = await memory((n) => ours(f, n), memoryRuns.ours)
  const memBase = await memory((n) => viemBaseline(f, n), memoryRuns.viem)
  const wasm = worker('wasm')
  const noble = worker('noble')
  // Rates are per second of the process's CPU time: on a shared machine wall time mostly measures the other
  // processes (the wall-time figures are in the notes). Each process also measured the bare native loop; a
  // rate from another process is scaled by the ratio of the two bare rates, so that a change in the machine's
  // load between processes cancels out.
  const bareHere = median(here.bareCpu)
  const scaled = (r: VerifyRounds) => median(r.oursCpu) * (bareHere / median(r.bareCpu))
  const raw = (r: VerifyRounds) => `${median(r.oursCpu).toFixed(0)}/s (bare native ${median(r.bareCpu).toFixed(0)}/s there)`
  const wallRatios = here.ours.map((o, i) => o / here.bare[i]!).sort((a, b) => a - b)
  const wall =
    `by wall time: ${median(here.ours).toFixed(0)} vs ${median(here.bare).toFixed(0)}/s, ratio of medians ` +
    `${(median(here.ours) / median(here.bare)).toFixed(2)}, per round ${wallRatios[0]!.toFixed(2)}–${wallRatios.at(-1)!.toFixed(2)}`
  const cpuRatios = here.oursCpu.map((o, i) => o / here.bareCpu[i]!).sort((a, b) => a - b)
  const cpuRange = `per round ${cpuRatios[0]!.toFixed(2)}–${cpuRatios.at(-1)!.toFixed(2)}`
  const per100k = (kib: number, runs: number) => (kib * 100_000) / runs / 1024
  const payments = `${f.payments.length} distinct v2 payments`
  const setting = `${rounds} interleaved rounds (median); ${payments}; this process's backend: ${here.backend}`
  return [
    result({
      name: 'verify-offline-vs-libsecp256k1',
      unit: 'verifies per CPU second',
      ours: median(here.oursCpu),
      baseline: bareHere,
      baselineName: 'bare native libsecp256k1 ecdsaRecover + same EIP-712 digest + keccak',
      higherIsBetter: true,
      notes: `target ≥ 0.8; per CPU second, ${cpuRange}; ${wall}; ${setting}; baseline decodes no signature and checks nothing but the address`,
    }),
    result({
      name: 'verify-offline-vs-pure-js',
      unit: 'verifies per CPU second',
      ours: median(here.oursCpu),
      baseline: scaled(noble),
      baselineName: 'the same verify, pure JS (X402_SECP256K1=noble, own process)',
      higherIsBetter: true,
      notes: `target ≥ 10; pure-JS raw ${raw(noble)}, scaled to this process's load by the bare-native yardstick; ${setting}`,
    }),
    result({
      name: 'verify-offline-wasm-vs-libsecp256k1',
      unit: 'verifies per CPU second',
      ours: median(wasm.oursCpu),
      baseline: median(wasm.bareCpu),
      baselineName: 'bare native libsecp256k1 (same process)',
      higherIsBetter: true,
      notes: `as on a machine without the native binding (X402_SECP256K1=wasm, own process); ${(
        scaled(wasm) / scaled(noble)
      ).toFixed(1)}× the pure-JS path`,
    }),
    result({
      name: 'verify-offline',
      unit: 'verifies/s',
      ours: median(oursAgain),
      baseline: median(viem),
      baselineName: 'viem recoverTypedDataAddress (same payloads)',
      higherIsBetter: true,
      notes: `${setting}; viem rounds of 500`,
    }),
    result({
      name: 'verify-offline-allocation',
      unit: 'MiB allocated per 100k verifies',
      ours: per100k(memOurs.allocated, memoryRuns.ours),
      baseline: per100k(memBase.allocated, memoryRuns.viem),
      baselineName: 'viem recoverTypedDataAddress (same payloads)',
      higherIsBetter: false,
      notes:
        `measured over ${memoryRuns.ours} (ours) and ${memoryRuns.viem} (viem) calls, scaled to 100k; ` +
        `heap retained after a full GC: ours ${memOurs.retained.toFixed(0)} KiB, ` +
        `baseline ${memBase.retained.toFixed(0)} KiB (noise around 0: nothing accumulates)`,
    }),
  ]
}
