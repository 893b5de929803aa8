import type { Address, Hex } from 'viem'

/** The extension key under which a payment carries an EIP-2612 permit for Permit2 (gas sponsoring). */
export const eip2612GasSponsoringKey = 'eip2612GasSponsoring'

/** The EIP-712 `Permit` type of EIP-2612. */
export const eip2612PermitTypes = {
  Permit: [
    { name: 'owner', type: 'address' },
    { name: 'spender', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
} as const

/** `extensions.eip2612GasSponsoring.info` of a payment, read into bigints and checksummed addresses. */
export type Eip2612Permit = {
  readonly from: Address
  readonly asset: Address
  readonly spender: Address
  readonly amount: bigint
  readonly nonce: bigint
  readonly deadline: bigint
  readonly signature: Hex
  /** The extension's version (upstream sends "1"). */
  readonly version: string
}

/** The same permit as it travels (integers as decimal strings). */
export type WireEip2612Permit = {
  from: string
  asset: string
  spender: string
  amount: string
  nonce: string
  deadline: string
  signature: string
  version: string
}
