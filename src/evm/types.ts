import type { Address, Hex } from 'viem'
import type { Reason } from '../errors/reasons.js'

/** An EIP-3009 authorization with integers as bigint (the wire form has decimal strings). */
export type TransferAuthorization = {
  readonly from: Address
  readonly to: Address
  readonly value: bigint
  readonly validAfter: bigint
  readonly validBefore: bigint
  readonly nonce: Hex
}

/** The EIP-712 domain of an EIP-3009 token. */
export type TransferDomain = {
  readonly name: string
  readonly version: string
  readonly chainId: number
  readonly verifyingContract: Address
}

/** Anything that can sign EIP-712 typed data: a viem local account, a JSON-RPC account wrapper, … */
export type TypedDataSigner = {
  readonly address: Address
  signTypedData: (parameters: {
    domain: TransferDomain
    types: typeof import('./constants.js').transferWithAuthorizationTypes
    primaryType: 'TransferWithAuthorization'
    message: TransferAuthorization
  }) => Promise<Hex>
}

type Invalid = {
  readonly isValid: false
  readonly invalidReason: Reason
  readonly invalidMessage: string
  readonly payer?: Address
}

/** Outcome of verifying a payment: valid with its payer, or the first failed check's code. */
export type VerifyResult =
  | { readonly isValid: true; readonly payer: Address }
  | (Invalid & { readonly deferred?: undefined })
  | (Invalid & {
      /**
       * Offline only: the signature did not verify as an EOA signature but could still be valid for a
       * contract signer (ERC-1271 / ERC-6492), which only the on-chain layer can decide.
       */
      readonly deferred: true
      /** What is wrong with the signature as an EOA signature (`invalidMessage` adds the deferral). */
      readonly signatureProblem: string
    })
