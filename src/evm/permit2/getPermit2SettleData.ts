import { encodeFunctionData } from 'viem'
import type { Address, Hex } from 'viem'
import type { Eip2612Permit } from './eip2612Types.js'
import { getPermit2SettleCall } from './getPermit2SettleCall.js'
import { toEip2612PermitStruct } from './toEip2612PermitStruct.js'
import type { Permit2Authorization } from './types.js'

export type GetPermit2SettleDataParameters = {
  readonly kind: 'exact' | 'upto'
  readonly authorization: Permit2Authorization
  readonly signature: Hex
  /** upto: the amount charged (≤ permitted.amount); ignored for exact. */
  readonly amount?: bigint | undefined
  /** A gas-sponsoring permit: the call becomes `settleWithPermit`, which submits it first. */
  readonly sponsoring?: Eip2612Permit | undefined
}
export type GetPermit2SettleDataReturnType = { readonly to: Address; readonly data: Hex }

/**
 * The encoded proxy call that settles a verified Permit2 payment: `settle`, or `settleWithPermit` when the
 * payment carries an EIP-2612 permit (permit2.settle.proxy, permit2.sponsoring.permit).
 *
 * @example
 * const { to, data } = getPermit2SettleData({ kind: 'upto', authorization, signature, amount: 2_350n })
 */
export function getPermit2SettleData(p: GetPermit2SettleDataParameters): GetPermit2SettleDataReturnType {
  const call =
    p.kind === 'exact'
      ? getPermit2SettleCall({ kind: 'exact', authorization: p.authorization, signature: p.signature })
      : getPermit2SettleCall({
          kind: 'upto',
          authorization: p.authorization,
          signature: p.signature,
          amount: p.amount ?? p.authorization.permitted.amount,
        })
  const args = p.sponsoring ? [toEip2612PermitStruct(p.sponsoring), ...call.args] : call.args
  const functionName = p.sponsoring ? 'settleWithPermit' : 'settle'
  const data = encodeFunctionData({ abi: call.abi, functionName, args } as Parameters<typeof encodeFunctionData>[0])
  return { to: call.address, data }
}
