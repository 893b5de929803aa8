import { createRequire } from 'node:module'
import { keccak256 } from 'viem'
import type { Secp256k1Backend } from './secp256k1Backend.js'

type NativeSecp256k1 = {
  ecdsaRecover: (
    signature: Uint8Array,
    recoveryId: number,
    digest: Uint8Array,
    compressed: boolean,
    output: Uint8Array,
  ) => Uint8Array
}
type KeccakState = {
  initialize: (rate: number, capacity: number) => void
  absorb: (data: Buffer) => void
  squeeze: (length: number) => Buffer
}
type NativeKeccak = (algorithm: 'keccak256') => { update: (data: Buffer) => { digest: () => Buffer }; _state?: KeccakState }

const asBuffer = (data: Uint8Array): Buffer =>
  Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)

/**
 * libsecp256k1 through the N-API binding of the `secp256k1` package, loaded from the prebuilt binary it
 * ships (no compiler, no install script), and keccak through the `keccak` package's binding where that
 * loads (@noble/hashes otherwise). Throws when the secp256k1 binding cannot be loaded.
 */
export function loadNativeSecp256k1(): Secp256k1Backend {
  const require = createRequire(import.meta.url)
  const native = require('secp256k1/bindings') as NativeSecp256k1
  const output = new Uint8Array(65)
  return {
    name: 'native',
    recoverPublicKey: (digest, signature, recoveryId) => {
      try {
        return native.ecdsaRecover(signature, recoveryId, digest, false, output)
      } catch {
        return undefined
      }
    },
    keccak256: nativeKeccak(require),
  }
}

/**
 * keccak-256 through the `keccak` binding. Its public API builds a stream per hash; the sponge state
 * class behind it (reached through an instance, as the package has no export for it) is reset and
 * reused instead, which is twice as fast. Falls back to the public API, then to @noble/hashes.
 */
function nativeKeccak(require: NodeJS.Require): (data: Uint8Array) => Uint8Array {
  let create: NativeKeccak
  try {
    create = require('keccak/bindings') as NativeKeccak
  } catch {
    return (data) => keccak256(data, 'bytes')
  }
  const State = create('keccak256')._state?.constructor as (new () => KeccakState) | undefined
  if (typeof State !== 'function') return (data) => create('keccak256').update(asBuffer(data)).digest()
  const state = new State()
  return (data) => {
    state.initialize(1088, 512) // keccak-256: rate 1088 bits, capacity 512
    state.absorb(asBuffer(data))
    return state.squeeze(32)
  }
}
