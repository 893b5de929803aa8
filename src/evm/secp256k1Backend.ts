/** The implementations of secp256k1 public-key recovery, fastest first. */
export const secp256k1BackendNames = ['native', 'wasm', 'noble'] as const
export type Secp256k1BackendName = (typeof secp256k1BackendNames)[number]

/**
 * One implementation of what signature recovery needs: ECDSA public-key recovery and keccak-256.
 * Both take and return bytes; the returned arrays may be reused by the next call, so read them at once.
 */
export type Secp256k1Backend = {
  readonly name: Secp256k1BackendName
  /**
   * The 65-byte uncompressed key (`0x04 ‖ x ‖ y`) that signed the 32-byte `digest` with the 64-byte
   * `r ‖ s` and `recoveryId`, or `undefined` when none does. Never throws.
   */
  readonly recoverPublicKey: (digest: Uint8Array, signature: Uint8Array, recoveryId: 0 | 1) => Uint8Array | undefined
  /** keccak-256 of `data` (32 bytes). */
  readonly keccak256: (data: Uint8Array) => Uint8Array
}
