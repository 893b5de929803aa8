import { createRequire } from 'node:module'
import { keccak256 } from 'viem'
import type { Secp256k1Backend } from './secp256k1Backend.js'

type TinySecp256k1 = {
  recover: (digest: Uint8Array, signature: Uint8Array, recoveryId: 0 | 1, compressed: boolean) => Uint8Array | null
}

/**
 * libsecp256k1 compiled to WebAssembly (tiny-secp256k1), with keccak from @noble/hashes through viem.
 * Loads wherever Node runs WebAssembly; throws when the module cannot be loaded.
 */
export function loadWasmSecp256k1(): Secp256k1Backend {
  const wasm = createRequire(import.meta.url)('tiny-secp256k1') as TinySecp256k1
  return {
    name: 'wasm',
    recoverPublicKey: (digest, signature, recoveryId) => {
      try {
        return wasm.recover(digest, signature, recoveryId, false) ?? undefined
      } catch {
        return undefined
      }
    },
    keccak256: (data) => keccak256(data, 'bytes'),
  }
}
