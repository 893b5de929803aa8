import { secp256k1 } from '@noble/curves/secp256k1'
import { keccak256 } from 'viem'
import type { Secp256k1Backend } from './secp256k1Backend.js'

/** Pure-JavaScript recovery (@noble/curves) and keccak (@noble/hashes through viem): loads everywhere. */
export function loadNobleSecp256k1(): Secp256k1Backend {
  return {
    name: 'noble',
    recoverPublicKey: (digest, signature, recoveryId) => {
      try {
        return secp256k1.Signature.fromCompact(signature).addRecoveryBit(recoveryId).recoverPublicKey(digest).toRawBytes(false)
      } catch {
        return undefined
      }
    },
    keccak256: (data) => keccak256(data, 'bytes'),
  }
}
