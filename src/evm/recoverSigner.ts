import type { Hex } from 'viem'
import { defaultSecp256k1Backend as backend } from './defaultSecp256k1Backend.js'
import { recoverSignerOfDigest, recoverSignerWith } from './recoverSignerWith.js'
import type { RecoverSignerWithReturnType } from './recoverSignerWith.js'
import type { Secp256k1BackendName } from './secp256k1Backend.js'

export type RecoverSignerReturnType = RecoverSignerWithReturnType

/** The secp256k1 backend {@link recoverSigner} uses in this process (chosen once at start-up, see `X402_SECP256K1`). */
export const recoverSignerBackend: Secp256k1BackendName = backend.name

/**
 * Recovers the EOA that produced a 65-byte `r ‖ s ‖ v` signature over `digest`, synchronously,
 * with FiatToken's rules: `v` is 27 or 28, `s` is in the lower half of the curve order.
 * The address is returned in lower case. Never throws.
 *
 * @example
 * const recovered = recoverSigner(hashTransferAuthorization(domain, authorization), signature)
 */
export function recoverSigner(digest: Hex, signature: Hex): RecoverSignerReturnType {
  return recoverSignerWith(backend, digest, signature)
}

/** {@link recoverSigner} of a 32-byte digest given as bytes (the verify path: no hex round trip). */
export function recoverSignerOfBytes(digest: Uint8Array, signature: Hex): RecoverSignerReturnType {
  return recoverSignerOfDigest(backend, digest, signature)
}
