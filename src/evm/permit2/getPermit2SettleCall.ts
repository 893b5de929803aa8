import type { Address, Hex } from 'viem'
import { exactPermit2ProxyAbi, uptoPermit2ProxyAbi } from './abi.js'
import { permit2ProxyOf } from './constants.js'
import type { Permit2Authorization } from './types.js'

type Permit = { permitted: { token: Address; amount: bigint }; nonce: bigint; deadline: bigint }

export type GetPermit2SettleCallParameters =
  | { readonly kind: 'exact'; readonly authorization: Permit2Authorization; readonly signature: Hex }
  | {
      readonly kind: 'upto'
      readonly authorization: Permit2Authorization
      readonly signature: Hex
      /** The amount actually charged (≤ permitted.amount: check it with checkUptoSettleAmount first). */
      readonly amount: bigint
    }

export type GetPermit2SettleCallReturnType =
  | {
      address: Address
      abi: typeof exactPermit2ProxyAbi
      functionName: 'settle'
      args: readonly [Permit, Address, { to: Address; validAfter: bigint }, Hex]
    }
  | {
      address: Address
      abi: typeof uptoPermit2ProxyAbi
      functionName: 'settle'
      args: readonly [Permit, bigint, Address, { to: Address; facilitator: Address; validAfter: bigint }, Hex]
    }

/**
 * The proxy call that settles a verified Permit2 payment (permit2.settle.proxy), for viem's
 * `simulateContract` / `writeContract`: `settle(permit, owner, witness, signature)` on the exact proxy, or
 * `settle(permit, amount, owner, witness, signature)` on the upto proxy (sent from `witness.facilitator`).
 *
 * @example
 * const call = getPermit2SettleCall({ kind: 'exact', authorization, signature })
 * const hash = await walletClient.writeContract({ ...call, account })
 */
export function getPermit2SettleCall(p: GetPermit2SettleCallParameters): GetPermit2SettleCallReturnType {
  const a = p.authorization
  const permit: Permit = { permitted: { ...a.permitted }, nonce: a.nonce, deadline: a.deadline }
  const address = permit2ProxyOf(p.kind)
  if (p.kind === 'exact') {
    const witness = { to: a.witness.to, validAfter: a.witness.validAfter }
    return { address, abi: exactPermit2ProxyAbi, functionName: 'settle', args: [permit, a.from, witness, p.signature] }
  }
  const facilitator = a.witness.facilitator ?? '0x0000000000000000000000000000000000000000'
  const witness = { to: a.witness.to, facilitator, validAfter: a.witness.validAfter }
  return { address, abi: uptoPermit2ProxyAbi, functionName: 'settle', args: [permit, p.amount, a.from, witness, p.signature] }
}
