import type { Address, Hex } from 'viem'
import { secp256k1HalfOrder } from './constants.js'
import type { Secp256k1Backend } from './secp256k1Backend.js'

export type RecoverSignerWithReturnType =
  | { readonly ok: true; readonly address: Address }
  | { readonly ok: false; readonly problem: 'length' | 'v' | 'high-s' | 'range' | 'unrecoverable'; readonly message: string }

const word = (x: bigint): Buffer => Buffer.from(x.toString(16).padStart(64, '0'), 'hex')
const halfOrder = word(secp256k1HalfOrder)
const order = word(0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n)
const zero = Buffer.alloc(32)
// The signature's bytes, decoded into the same buffer on every call (recovery is synchronous).
const bytes = Buffer.alloc(65)
const rs = bytes.subarray(0, 64)

/**
 * {@link recoverSigner} through a given backend: the same rules and answers whichever backend recovers.
 *
 * @example
 * const recovered = recoverSignerWith(selectSecp256k1Backend({ prefer: 'wasm' }).backend, digest, signature)
 */
export function recoverSignerWith(backend: Secp256k1Backend, digest: Hex, signature: Hex): RecoverSignerWithReturnType {
  const hash = digest.length === 66 ? Buffer.from(digest.slice(2), 'hex') : undefined
  return recoverSignerOfDigest(backend, hash?.length === 32 ? hash : undefined, signature)
}

/**
 * {@link recoverSignerWith} of a digest already in bytes (`undefined`: the digest was not 32 bytes of hex,
 * reported after the signature's own checks, as there).
 */
export function recoverSignerOfDigest(
  backend: Secp256k1Backend,
  digest: Uint8Array | undefined,
  signature: Hex,
): RecoverSignerWithReturnType {
  if (signature.length !== 132)
    return { ok: false, problem: 'length', message: `signature is ${(signature.length - 2) / 2} bytes, not 65` }
  // Node's hex decoder stops at the first pair that is not hex, so a short write means the input was not hex.
  if (bytes.write(signature.slice(2), 'hex') !== 65)
    return { ok: false, problem: 'length', message: 'signature is not 65 bytes of hex' }
  const v = bytes[64]!
  if (v !== 27 && v !== 28) return { ok: false, problem: 'v', message: `signature v is ${v}, not 27 or 28` }
  // Big-endian words compare like the numbers they hold: r is bytes 0-31, s is bytes 32-63.
  if (bytes.compare(halfOrder, 0, 32, 32, 64) > 0) {
    return { ok: false, problem: 'high-s', message: 'signature s is in the upper half of the curve order (malleable form)' }
  }
  if (
    bytes.compare(zero, 0, 32, 0, 32) === 0 ||
    bytes.compare(zero, 0, 32, 32, 64) === 0 ||
    bytes.compare(order, 0, 32, 0, 32) >= 0
  ) {
    return { ok: false, problem: 'range', message: 'signature r or s is out of range' }
  }
  if (digest === undefined) return { ok: false, problem: 'unrecoverable', message: 'digest is not 32 bytes of hex' }
  const key = backend.recoverPublicKey(digest, rs, v === 27 ? 0 : 1)
  if (key === undefined) return { ok: false, problem: 'unrecoverable', message: 'no public key recovers from this signature' }
  const keyHash = backend.keccak256(key.subarray(1))
  return { ok: true, address: `0x${Buffer.from(keyHash.buffer, keyHash.byteOffset + 12, 20).toString('hex')}` }
}
