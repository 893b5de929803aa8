import { parseSignature } from 'viem'
import type { Hex } from 'viem'
import type { Eip2612Permit } from './eip2612Types.js'

/** The `EIP2612Permit` struct the proxies' `settleWithPermit` takes. */
export type Eip2612PermitStruct = { value: bigint; deadline: bigint; r: Hex; s: Hex; v: number }

/**
 * The EIP-2612 permit as the proxies' `settleWithPermit` takes it: value, deadline and the signature split
 * into r, s, v.
 *
 * @example
 * const struct = toEip2612PermitStruct(permit)
 */
export function toEip2612PermitStruct(permit: Eip2612Permit): Eip2612PermitStruct {
  const { r, s, v, yParity } = parseSignature(permit.signature)
  return { value: permit.amount, deadline: permit.deadline, r, s, v: Number(v ?? BigInt(27 + yParity)) }
}
