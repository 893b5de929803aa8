import { secp256k1 } from '@noble/curves/secp256k1'
import fc from 'fast-check'
import { keccak256, recoverAddress } from 'viem'
import type { Hex } from 'viem'
import { describe, expect, test } from 'vitest'
import { secp256k1HalfOrder } from './constants.js'
import { loadNativeSecp256k1 } from './loadNativeSecp256k1.js'
import { loadNobleSecp256k1 } from './loadNobleSecp256k1.js'
import { loadWasmSecp256k1 } from './loadWasmSecp256k1.js'
import { recoverSignerWith } from './recoverSignerWith.js'
import type { Secp256k1Backend } from './secp256k1Backend.js'

// Differential: every backend against @noble/curves and against viem's recoverAddress with FiatToken's
// rules written out plainly, over signatures made by real signing and then malleated or broken.
const seed = Number(process.env['FC_SEED'] ?? 402)
const n = secp256k1.CURVE.n
const noble = loadNobleSecp256k1()
// The native binding ships prebuilds for these; elsewhere it may not load (selectSecp256k1Backend.test.ts).
const prebuilt = ['linux-x64', 'darwin-arm64', 'win32-x64'].includes(`${process.platform}-${process.arch}`)
const native = (() => {
  try {
    return loadNativeSecp256k1()
  } catch (error) {
    if (prebuilt) throw error
    return undefined
  }
})()
const backends = [native, loadWasmSecp256k1(), noble].filter((b): b is Secp256k1Backend => b !== undefined)

const word = (x: bigint): string => x.toString(16).padStart(64, '0')
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

// Scalars that sit on every boundary of the rules, and any 256-bit value.
const edge = [0n, 1n, secp256k1HalfOrder - 1n, secp256k1HalfOrder, secp256k1HalfOrder + 1n, n - 1n, n, n + 1n, 2n ** 256n - 1n]
const scalar = fc.oneof(fc.constantFrom(...edge), fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }))
const digest = fc.oneof(fc.constant(new Uint8Array(32)), fc.uint8Array({ minLength: 32, maxLength: 32 }))
const privateKey = fc.bigInt({ min: 1n, max: n - 1n })

/** A real signature of `digest` by `key`: r, s (low-s, as signers emit) and v = 27 + recovery bit. */
function sign(key: bigint, message: Uint8Array) {
  const signature = secp256k1.sign(message, word(key), { lowS: true })
  return { r: signature.r, s: signature.s, v: 27 + signature.recovery }
}

/** The signature, then a way to bend it: untouched, malleated (n - s, v flipped), one field replaced, or bytes broken. */
const signed = fc
  .record({
    key: privateKey,
    message: digest,
    bend: fc.oneof(
      fc.constant({ kind: 'none' as const }),
      fc.constant({ kind: 'malleate' as const }),
      fc.constant({ kind: 'flip-v' as const }),
      fc.record({ kind: fc.constant('v' as const), v: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('r' as const), value: scalar }),
      fc.record({ kind: fc.constant('s' as const), value: scalar }),
      fc.record({ kind: fc.constant('other-digest' as const), value: digest }),
      fc.record({ kind: fc.constant('flip-bit' as const), bit: fc.integer({ min: 0, max: 64 * 8 - 1 }) }),
    ),
  })
  .map(({ key, message, bend }) => {
    let { r, s, v } = sign(key, message)
    let hash = message
    if (bend.kind === 'malleate') [s, v] = [n - s, v === 27 ? 28 : 27]
    if (bend.kind === 'flip-v') v = v === 27 ? 28 : 27
    if (bend.kind === 'v') v = bend.v
    if (bend.kind === 'r') r = bend.value
    if (bend.kind === 's') s = bend.value
    if (bend.kind === 'other-digest') hash = bend.value
    let rs = `${word(r)}${word(s)}`
    if (bend.kind === 'flip-bit') {
      const bytes = Buffer.from(rs, 'hex')
      bytes[bend.bit >> 3]! ^= 1 << (bend.bit & 7)
      rs = bytes.toString('hex')
    }
    return { digest: `0x${hex(hash)}` as Hex, signature: `0x${rs}${v.toString(16).padStart(2, '0')}` as Hex }
  })

/** FiatToken's rules written out with bigints, then viem's recoverAddress: the expected outcome. */
async function reference(digestHex: Hex, signature: Hex): Promise<string> {
  const v = Number.parseInt(signature.slice(130), 16)
  if (v !== 27 && v !== 28) return 'v'
  const r = BigInt(`0x${signature.slice(2, 66)}`)
  const s = BigInt(`0x${signature.slice(66, 130)}`)
  if (s > n / 2n) return 'high-s'
  if (r === 0n || s === 0n || r >= n) return 'range'
  try {
    return (await recoverAddress({ hash: digestHex, signature })).toLowerCase()
  } catch {
    return 'unrecoverable'
  }
}

const outcome = (r: ReturnType<typeof recoverSignerWith>): string => (r.ok ? r.address : r.problem)

const names = backends.map((b) => b.name)

test('every backend loads here (native where a prebuild exists)', () => {
  expect(names).toEqual(prebuilt ? ['native', 'wasm', 'noble'] : ['wasm', 'noble'])
})

test('recoverSignerWith agrees with viem recoverAddress and the rules, on generated and malleated signatures', async () => {
  const seen = new Set<string>()
  await fc.assert(
    fc.asyncProperty(signed, async ({ digest: d, signature }) => {
      const expected = await reference(d, signature)
      seen.add(expected.startsWith('0x') ? 'address' : expected)
      expect(backends.map((b) => outcome(recoverSignerWith(b, d, signature)))).toEqual(names.map(() => expected))
    }),
    { seed, numRuns: 250 },
  )
  // The generator reaches every outcome, so the agreement above covers each of them.
  expect([...seen].sort()).toEqual(['address', 'high-s', 'range', 'unrecoverable', 'v'])
})

test('recoverPublicKey agrees with @noble/curves on any r, s, recovery id and digest (high-s included)', () => {
  fc.assert(
    fc.property(scalar, scalar, fc.constantFrom(0 as const, 1 as const), digest, (r, s, recoveryId, message) => {
      const signature = Buffer.from(`${word(r)}${word(s)}`, 'hex')
      const key = (b: Secp256k1Backend) => {
        const k = b.recoverPublicKey(message, signature, recoveryId)
        return k === undefined ? 'none' : hex(k)
      }
      expect(backends.map(key)).toEqual(names.map(() => key(noble)))
    }),
    { seed, numRuns: 200 },
  )
})

test('recoverPublicKey recovers the high-s twin to the same key (the rules, not the backend, refuse it)', () => {
  fc.assert(
    fc.property(privateKey, digest, (key, message) => {
      const { r, s, v } = sign(key, message)
      const twin = Buffer.from(`${word(r)}${word(n - s)}`, 'hex')
      const publicKey = hex(secp256k1.getPublicKey(word(key), false))
      for (const b of backends)
        expect(hex(b.recoverPublicKey(message, twin, v === 27 ? 1 : 0) ?? new Uint8Array())).toBe(publicKey)
    }),
    { seed, numRuns: 30 },
  )
})

test('keccak256 agrees with viem on any input', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
      for (const b of backends) expect(`0x${hex(b.keccak256(data))}`).toBe(keccak256(data))
    }),
    { seed, numRuns: 200 },
  )
})

describe.each(backends.map((b) => [b.name, b] as const))('errors: %s', (_, backend) => {
  const good = `0x${'11'.repeat(32)}${'22'.repeat(32)}1b` as Hex
  const d = `0x${'33'.repeat(32)}` as Hex
  test('not hex', () => {
    expect(recoverSignerWith(backend, d, `0x${'zz'.repeat(65)}` as Hex)).toMatchObject({ ok: false, problem: 'length' })
  })
  test('one character that is not hex, anywhere', () => {
    const bend = (hex: Hex, at: number) => `${hex.slice(0, at)}g${hex.slice(at + 1)}` as Hex
    for (const at of [2, 70, 131]) {
      expect(recoverSignerWith(backend, d, bend(good, at))).toMatchObject({
        ok: false,
        problem: 'length',
        message: 'signature is not 65 bytes of hex',
      })
    }
    for (const at of [2, 40, 65]) {
      expect(recoverSignerWith(backend, bend(d, at), good)).toMatchObject({
        ok: false,
        problem: 'unrecoverable',
        message: 'digest is not 32 bytes of hex',
      })
    }
  })
  test('digest not 32 bytes', () => {
    expect(recoverSignerWith(backend, '0x1234', good)).toMatchObject({ ok: false, problem: 'unrecoverable' })
  })
  test('upper-case hex reads like lower-case', () => {
    expect(recoverSignerWith(backend, d, `0x${good.slice(2).toUpperCase()}` as Hex)).toEqual(recoverSignerWith(backend, d, good))
  })
})
