// Offline verify throughput: our verifyPaymentOffline (shape, every field check, EOA signature)
// against the bare library limit, viem's recoverTypedDataAddress of the same payload, in one process.
import { GCProfiler, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { recoverTypedDataAddress } from 'viem'
import type { Hex } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { fromRequirementsV2 } from '../src/codecs/normalize.js'
import { createPayment } from '../src/evm/createPayment.js'
import { getTransferTypedData } from '../src/evm/getTransferTypedData.js'
import { toTransferAuthorization } from '../src/evm/toTransferAuthorization.js'
import { verifyPaymentOffline } from '../src/evm/verifyPaymentOffline.js'
import type { ExactEvmPayload } from '../src/types/exactEvm.js'
import { result } from './types.js'
import type { BenchResult } from './types.js'

const distinctPayments = 256
const rounds = 7
const perRound = 2_000
const memoryRuns = 10_000
const now = 1_800_000_000

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

async function fixtures() {
  const requirements = {
    scheme: 'exact',
    network: 'eip155:84532',
    amount: '10000',
    asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
    payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
    maxTimeoutSeconds: 60,
    extra: { name: 'USDC', version: '2' },
  }
  const accounts = Array.from({ length: 10 }, (_, i) => mnemonicToAccount('test test test test test test test test test test test junk', { addressIndex: i }))
  const payments = []
  for (let i = 0; i < distinctPayments; i++) {
    const nonce = `0x${i.toString(16).padStart(64, '0')}` as Hex
    const paymentPayload = await createPayment({ account: accounts[i % accounts.length]!, requirements: fromRequirementsV2(requirements), now: () => now, nonce: () => nonce })
    const exact = paymentPayload.payload as ExactEvmPayload
    const typedData = { ...getTransferTypedData({ chainId: 84532, asset: requirements.asset as Hex, name: 'USDC', version: '2', authorization: toTransferAuthorization(exact.authorization) }), signature: exact.signature as Hex }
    payments.push({ paymentPayload, typedData })
  }
  return { requirements, payments }
}

type Fixtures = Awaited<ReturnType<typeof fixtures>>

async function ours(f: Fixtures, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const p = f.payments[i % f.payments.length]!
    const r = verifyPaymentOffline({ paymentPayload: p.paymentPayload, paymentRequirements: f.requirements, x402Version: 2, now })
    if (!r.isValid) throw new Error(`bench payment ${i} did not verify: ${r.invalidReason}`)
  }
}

async function baseline(f: Fixtures, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const p = f.payments[i % f.payments.length]!
    const from = await recoverTypedDataAddress(p.typedData)
    if (from !== p.typedData.message.from) throw new Error(`bench payment ${i} did not recover`)
  }
}

async function opsPerSecond(fn: (n: number) => Promise<void>, n: number): Promise<number> {
  const start = process.hrtime.bigint()
  await fn(n)
  return n / (Number(process.hrtime.bigint() - start) / 1e9)
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/**
 * Bytes allocated over `runs` calls (sum of what each GC freed plus the final growth, from V8's
 * GC profiler) and bytes retained after a full GC, both in KiB.
 */
async function memory(fn: (n: number) => Promise<void>, runs: number): Promise<{ allocated: number; retained: number }> {
  gc()
  const before = process.memoryUsage().heapUsed
  const profiler = new GCProfiler()
  profiler.start()
  await fn(runs)
  const end = process.memoryUsage().heapUsed
  const freed = (profiler.stop()?.statistics ?? []).reduce((sum, s) => sum + Math.max(0, s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize), 0)
  gc()
  return { allocated: (freed + end - before) / 1024, retained: (process.memoryUsage().heapUsed - before) / 1024 }
}

export default async function verifyBench(): Promise<BenchResult[]> {
  const f = await fixtures()
  await ours(f, 2_000)
  await baseline(f, 2_000)
  const a: number[] = []
  const b: number[] = []
  for (let r = 0; r < rounds; r++) {
    a.push(await opsPerSecond((n) => ours(f, n), perRound))
    b.push(await opsPerSecond((n) => baseline(f, n), perRound))
  }
  const memOurs = await memory((n) => ours(f, n), memoryRuns)
  const memBase = await memory((n) => baseline(f, n), memoryRuns)
  const scale = 100_000 / memoryRuns
  return [
    result({
      name: 'verify-offline',
      unit: 'verifies/s',
      ours: median(a),
      baseline: median(b),
      baselineName: 'viem recoverTypedDataAddress (same payloads)',
      higherIsBetter: true,
      notes: `median of ${rounds} interleaved rounds of ${perRound}; ours = full offline verify (zod shape, every field check, cached domain separator, sync low-s recovery); ${distinctPayments} distinct v2 payments`,
    }),
    result({
      name: 'verify-offline-allocation',
      unit: 'MiB allocated per 100k verifies',
      ours: (memOurs.allocated * scale) / 1024,
      baseline: (memBase.allocated * scale) / 1024,
      baselineName: 'viem recoverTypedDataAddress (same payloads)',
      higherIsBetter: false,
      notes: `measured over ${memoryRuns} calls each and scaled to 100k; heap retained after a full GC: ours ${memOurs.retained.toFixed(0)} KiB, baseline ${memBase.retained.toFixed(0)} KiB (noise around 0 means nothing accumulates)`,
    }),
  ]
}
