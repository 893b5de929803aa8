import type { Hex } from 'viem'
import { transferWithAuthorizationTypes } from './constants.js'
import type { TransferAuthorization, TransferDomain, TypedDataSigner } from './types.js'

export type SignAuthorizationParameters = {
  readonly account: TypedDataSigner
  readonly domain: TransferDomain
  readonly authorization: TransferAuthorization
}
export type SignAuthorizationReturnType = Hex

/**
 * Signs an EIP-3009 `TransferWithAuthorization` with any signer. Signs whatever it is given,
 * including deliberately wrong domains or authorizations (the harness builds invalid payments with it).
 *
 * @example
 * const signature = await signAuthorization({ account: privateKeyToAccount(key), domain, authorization })
 */
export function signAuthorization(parameters: SignAuthorizationParameters): Promise<SignAuthorizationReturnType> {
  const { account, domain, authorization } = parameters
  return account.signTypedData({
    domain,
    types: transferWithAuthorizationTypes,
    primaryType: 'TransferWithAuthorization',
    message: authorization,
  })
}
