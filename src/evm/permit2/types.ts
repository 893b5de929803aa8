import type { Address, Hex } from 'viem'

/** The signed witness: recipient and start of the window; `facilitator` only in an upto witness. */
export type Permit2Witness = {
  readonly to: Address
  readonly validAfter: bigint
  readonly facilitator?: Address | undefined
}

/** A Permit2 authorization with integers as bigint (the wire form has decimal strings). */
export type Permit2Authorization = {
  readonly from: Address
  readonly permitted: { readonly token: Address; readonly amount: bigint }
  readonly spender: Address
  readonly nonce: bigint
  readonly deadline: bigint
  readonly witness: Permit2Witness
}

/** `permit2Authorization` as it travels in a payment payload. */
export type WirePermit2Authorization = {
  from: string
  permitted: { token: string; amount: string }
  spender: string
  nonce: string
  deadline: string
  witness: { to: string; validAfter: string; facilitator?: string }
}

/** The `payload` member of an exact-Permit2 or upto payment. */
export type Permit2Payload = { signature: Hex; permit2Authorization: WirePermit2Authorization }

/** What a Permit2 payment is checked against (already decoded from the requirements). */
export type Permit2Requirements = {
  readonly chainId: number
  readonly asset: Address
  readonly payTo: Address
  /** exact: the price; upto at verification: the maximum. */
  readonly amount: bigint
}
