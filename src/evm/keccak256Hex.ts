import { keccak256 } from 'viem'
import type { Hex } from 'viem'
import { defaultSecp256k1Backend } from './defaultSecp256k1Backend.js'

/**
 * viem's `keccak256` of a hex string, computed by the verify path's backend (the native `keccak`
 * binding where it loads). Input that is not hex goes to viem, which throws as before.
 *
 * @example
 * keccak256Hex('0x') // '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470'
 */
export function keccak256Hex(hex: Hex): Hex {
  // Node's hex decoder stops at the first pair that is not hex: a full-length result means it all was.
  const bytes = hex.startsWith('0x') ? Buffer.from(hex.slice(2), 'hex') : undefined
  if (bytes === undefined || bytes.length * 2 !== hex.length - 2) return keccak256(hex)
  return `0x${Buffer.from(defaultSecp256k1Backend.keccak256(bytes)).toString('hex')}`
}
