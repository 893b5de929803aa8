import type { Hex, LocalAccount } from 'viem'
import { getPermit2TypedData, type GetPermit2TypedDataParameters } from './getPermit2TypedData.js'

export type SignPermit2AuthorizationParameters = GetPermit2TypedDataParameters & {
  /** A viem local account (or anything with its `signTypedData`). */
  readonly account: Pick<LocalAccount, 'address' | 'signTypedData'>
}
export type SignPermit2AuthorizationReturnType = Hex

/**
 * Signs a Permit2 authorization (exact or upto witness) with the payer's account: a 65-byte signature.
 *
 * @example
 * const signature = await signPermit2Authorization({ account, kind: 'upto', chainId, authorization })
 */
export async function signPermit2Authorization(p: SignPermit2AuthorizationParameters): Promise<Hex> {
  const typedData = getPermit2TypedData(p)
  return p.account.signTypedData(typedData as Parameters<LocalAccount['signTypedData']>[0])
}
