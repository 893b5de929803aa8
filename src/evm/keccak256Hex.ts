import { keccak256 } from 'viem'
import type { Hex } from 'viem'
import { defaultSecp256k1Backend } from './defaultSecp256k1Backend.js'

const evenHex = /^0x(?:[0-9a-fA-F]{2})*$/

/**
 * viem's `keccak256` of a hex string, computed by the verify path's backend (the native `keccak`
 * binding where it loads). Input that is not hex goes to viem, which throws as before.
 *
 * @example
 * keccak256Hex('0x') // '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470'
 */
export function keccak256Hex(hex: Hex): Hex {
  if (!evenHex.test(hex)) return keccak256(hex)
  return `0x${Buffer.from(defaultSecp256k1Backend.keccak256(Buffer.from(hex.slice(2), 'hex'))).toString('hex')}`
}
