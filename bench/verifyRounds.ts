// The offline-verify loops, run in interleaved rounds in whichever process imports this (the benchmark
// itself, or a worker started with X402_SECP256K1 set): ours against bare native libsecp256k1.
import { createRequire } from 'node:module'
import { transferAuthorizationDigest } from '../src/evm/hashTransferAuthorization.js'
import { loadNativeSecp256k1 } from '../src/evm/loadNativeSecp256k1.js'
import { recoverSignerBackend } from '../src/evm/recoverSigner.js'
import { verifyPaymentOffline } from '../src/evm/verifyPaymentOffline.js'
import { now } from './verifyFixtures.js'
import type { VerifyFixtures } from './verifyFixtures.js'

type Secp256k1Binding = {
  ecdsaRecover: (
    signature: Uint8Array,
    recoveryId: number,
    digest: Uint8Array,
    compressed: boolean,
    output: Uint8Array,
  ) => Uint8Array
}
const binding = createRequire(import.meta.url)('secp256k1/bindings') as Secp256k1Binding
const { keccak256 } = loadNativeSecp256k1()
const publicKey = new Uint8Array(65)

/** Full offline verify (shape, every field check, digest, recovery) through the process's backend. */
export function ours(f: VerifyFixtures, n: number): void {
  for (let i = 0; i < n; i++) {
    const p = f.payments[i % f.payments.length]!
    const r = verifyPaymentOffline({ paymentPayload: p.paymentPayload, paymentRequirements: f.requirements, x402Version: 2, now })
    if (!r.isValid) throw new Error(`bench payment ${i} did not verify: ${r.invalidReason}`)
  }
}

/**
 * The floor: the same EIP-712 digest (transferAuthorizationDigest, as the verify path computes it), then libsecp256k1's ecdsaRecover through
 * the binding's own API on signature bytes decoded beforehand, keccak of the key, compare with `from`.
 */
export function bare(f: VerifyFixtures, n: number): void {
  for (let i = 0; i < n; i++) {
    const p = f.payments[i % f.payments.length]!
    const digest = transferAuthorizationDigest(p.domain, p.authorization)
    const key = binding.ecdsaRecover(p.signatureBytes, p.recoveryId, digest, false, publicKey)
    const hash = keccak256(key.subarray(1))
    if (Buffer.compare(hash.subarray(12), p.signerBytes) !== 0) throw new Error(`bench payment ${i} did not recover`)
  }
}

export function opsPerSecond(fn: (n: number) => void, n: number): number {
  const start = process.hrtime.bigint()
  fn(n)
  return n / (Number(process.hrtime.bigint() - start) / 1e9)
}

/** Calls per second of wall time and per second of this process's CPU time (all its threads: GC included). */
export function rates(fn: (n: number) => void, n: number): { wall: number; cpu: number } {
  const cpu = process.cpuUsage()
  const wall = opsPerSecond(fn, n)
  const used = process.cpuUsage(cpu)
  return { wall, cpu: n / ((used.user + used.system) / 1e6) }
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** Rates of each round: by wall time (`ours`, `bare`) and by CPU time (`oursCpu`, `bareCpu`). */
export type VerifyRounds = { backend: string; ours: number[]; bare: number[]; oursCpu: number[]; bareCpu: number[] }

/** `rounds` interleaved rounds of `perRound` calls of {@link ours} and of {@link bare}, after a warm-up. */
export function verifyRounds(f: VerifyFixtures, rounds: number, perRound: number): VerifyRounds {
  ours(f, Math.min(perRound, 500))
  bare(f, 2_000)
  const result: VerifyRounds = { backend: recoverSignerBackend, ours: [], bare: [], oursCpu: [], bareCpu: [] }
  for (let r = 0; r < rounds; r++) {
    const o = rates((n) => ours(f, n), perRound)
    const b = rates((n) => bare(f, n), 2_000)
    result.ours.push(o.wall)
    result.oursCpu.push(o.cpu)
    result.bare.push(b.wall)
    result.bareCpu.push(b.cpu)
  }
  return result
}
