import { InvalidAmountError } from '../errors/input.js'

const UINT256_MAX = 2n ** 256n - 1n
const canonical = /^(?:0|[1-9][0-9]{0,77})$/

/** Reads a canonical decimal uint256 string (`"10000"`) as a bigint; throws `InvalidAmountError` otherwise. */
export function parseUint256(value: string): bigint {
  if (!canonical.test(value))
    throw new InvalidAmountError({ problem: 'not a canonical decimal uint256 string', value: JSON.stringify(value) })
  const n = BigInt(value)
  if (n > UINT256_MAX) throw new InvalidAmountError({ problem: 'exceeds 2^256 - 1', value })
  return n
}

/** Writes a bigint in 0..2^256-1 as a canonical decimal string; throws `InvalidAmountError` out of range. */
export function formatUint256(value: bigint): string {
  if (value < 0n || value > UINT256_MAX)
    throw new InvalidAmountError({ problem: 'out of the uint256 range', value: value.toString() })
  return value.toString(10)
}
