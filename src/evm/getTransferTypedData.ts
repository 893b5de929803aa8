import { transferWithAuthorizationTypes } from './constants.js'
import type { TransferAuthorization, TransferDomain } from './types.js'

export type GetTransferTypedDataParameters = {
  readonly chainId: number
  /** The token contract (the domain's `verifyingContract`). */
  readonly asset: TransferDomain['verifyingContract']
  /** EIP-712 domain name of the token (FiatToken's `name()`, e.g. `USDC`). */
  readonly name: string
  /** EIP-712 domain version of the token (e.g. `2`). */
  readonly version: string
  readonly authorization: TransferAuthorization
}

export type GetTransferTypedDataReturnType = {
  domain: TransferDomain
  types: typeof transferWithAuthorizationTypes
  primaryType: 'TransferWithAuthorization'
  message: TransferAuthorization
}

/**
 * The EIP-712 typed data of an EIP-3009 `TransferWithAuthorization`, ready for viem's
 * `signTypedData`, `hashTypedData` or `recoverTypedDataAddress`.
 *
 * @example
 * const typedData = getTransferTypedData({ chainId: 84532, asset, name: 'USDC', version: '2', authorization })
 * const signature = await account.signTypedData(typedData)
 */
export function getTransferTypedData(parameters: GetTransferTypedDataParameters): GetTransferTypedDataReturnType {
  const { chainId, asset, name, version, authorization } = parameters
  return {
    domain: { name, version, chainId, verifyingContract: asset },
    types: transferWithAuthorizationTypes,
    primaryType: 'TransferWithAuthorization',
    message: authorization,
  }
}
