import { secp256k1 } from '@noble/curves/secp256k1'
import { keccak256 } from 'viem'
import type { Address, Hex } from 'viem'
import { secp256k1HalfOrder } from './constants.js'

export type RecoverSignerReturnType =
  | { readonly ok: true; readonly address: Address }
  | { readonly ok: false; readonly problem: 'length' | 'v' | 'high-s' | 'range' | 'unrecoverable'; readonly message: string }

/**
 * Recovers the EOA that produced a 65-byte `r ‖ s ‖ v` signature over `digest`, synchronously,
 * with FiatToken's rules: `v` is 27 or 28, `s` is in the lower half of the curve order.
 * The address is returned in lower case. Never throws.
 *
 * @example
 * const recovered = recoverSigner(hashTransferAuthorization(domain, authorization), signature)
 */
export function recoverSigner(digest: Hex, signature: Hex): RecoverSignerReturnType {
  if (signature.length !== 132) return { ok: false, problem: 'length', message: `signature is ${(signature.length - 2) / 2} bytes, not 65` }
  const v = Number.parseInt(signature.slice(130), 16)
  if (v !== 27 && v !== 28) return { ok: false, problem: 'v', message: `signature v is ${v}, not 27 or 28` }
  const r = BigInt(`0x${signature.slice(2, 66)}`)
  const s = BigInt(`0x${signature.slice(66, 130)}`)
  if (s > secp256k1HalfOrder) return { ok: false, problem: 'high-s', message: 'signature s is in the upper half of the curve order (malleable form)' }
  if (r === 0n || s === 0n || r >= secp256k1.CURVE.n) return { ok: false, problem: 'range', message: 'signature r or s is out of range' }
  try {
    const point = new secp256k1.Signature(r, s).addRecoveryBit(v - 27).recoverPublicKey(digest.slice(2))
    const publicKey = point.toRawBytes(false)
    const hash = keccak256(publicKey.subarray(1))
    return { ok: true, address: `0x${hash.slice(26)}` }
  } catch (error) {
    return { ok: false, problem: 'unrecoverable', message: `no public key recovers from this signature (${(error as Error).message})` }
  }
}
