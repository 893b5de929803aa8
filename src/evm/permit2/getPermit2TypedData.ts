import type { Address } from 'viem'
import { exactPermit2Types, permit2Address, uptoPermit2Types, type Permit2Kind } from './constants.js'
import type { Permit2Authorization } from './types.js'

export type GetPermit2TypedDataParameters = {
  readonly kind: Permit2Kind
  readonly chainId: number
  readonly authorization: Permit2Authorization
}

type Message<W> = {
  permitted: { token: Address; amount: bigint }
  spender: Address
  nonce: bigint
  deadline: bigint
  witness: W
}
const domainOf = (chainId: number) => ({ name: 'Permit2', chainId, verifyingContract: permit2Address }) as const

export type GetPermit2TypedDataReturnType =
  | {
      domain: ReturnType<typeof domainOf>
      types: typeof exactPermit2Types
      primaryType: 'PermitWitnessTransferFrom'
      message: Message<{ to: Address; validAfter: bigint }>
    }
  | {
      domain: ReturnType<typeof domainOf>
      types: typeof uptoPermit2Types
      primaryType: 'PermitWitnessTransferFrom'
      message: Message<{ to: Address; facilitator: Address; validAfter: bigint }>
    }

/**
 * The EIP-712 typed data a payer signs for an exact-Permit2 or upto payment (permit2.typed-data.domain,
 * permit2.typed-data.primary-type): domain "Permit2" without a version, the scheme's witness.
 * An upto authorization without `witness.facilitator` signs the zero address (which no proxy accepts).
 *
 * @example
 * const digest = hashTypedData(getPermit2TypedData({ kind: 'exact', chainId: 84532, authorization }))
 */
export function getPermit2TypedData(p: GetPermit2TypedDataParameters): GetPermit2TypedDataReturnType {
  const a = p.authorization
  const base = {
    permitted: { token: a.permitted.token, amount: a.permitted.amount },
    spender: a.spender,
    nonce: a.nonce,
    deadline: a.deadline,
  }
  const domain = domainOf(p.chainId)
  if (p.kind === 'exact') {
    const witness = { to: a.witness.to, validAfter: a.witness.validAfter }
    return { domain, types: exactPermit2Types, primaryType: 'PermitWitnessTransferFrom', message: { ...base, witness } }
  }
  const facilitator = a.witness.facilitator ?? '0x0000000000000000000000000000000000000000'
  const witness = { to: a.witness.to, facilitator, validAfter: a.witness.validAfter }
  return { domain, types: uptoPermit2Types, primaryType: 'PermitWitnessTransferFrom', message: { ...base, witness } }
}
