import { X402Error } from '../errors/X402Error.js'

const UINT256_MAX = 2n ** 256n - 1n
const canonical = /^(?:0|[1-9][0-9]{0,77})$/

/** Reads a canonical decimal uint256 string (`"10000"`) as a bigint; throws `X402Error` otherwise. */
export function parseUint256(value: string): bigint {
  if (!canonical.test(value)) throw new X402Error({ shortMessage: 'not a canonical decimal uint256 string', details: JSON.stringify(value) })
  const n = BigInt(value)
  if (n > UINT256_MAX) throw new X402Error({ shortMessage: 'exceeds 2^256 - 1', details: value })
  return n
}

/** Writes a bigint in 0..2^256-1 as a canonical decimal string; throws `X402Error` out of range. */
export function formatUint256(value: bigint): string {
  if (value < 0n || value > UINT256_MAX) throw new X402Error({ shortMessage: 'out of the uint256 range', details: value.toString() })
  return value.toString(10)
}
