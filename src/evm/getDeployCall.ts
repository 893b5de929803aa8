import { isErc6492Signature, parseErc6492Signature } from 'viem'
import type { Address, Hex } from 'viem'
import { exactPayloadOf } from './getSettleCall.js'
import type { GetSettleCallParameters } from './getSettleCall.js'

export type GetDeployCallReturnType = { readonly to: Address; readonly data: Hex } | undefined

/**
 * For an ERC-6492 wrapped signature (a counterfactual smart wallet), the factory call that deploys
 * the wallet; `undefined` otherwise. Send it only when `from` has no code yet and the factory is
 * one you trust (exact-evm.settle.counterfactual).
 *
 * @example
 * const deploy = getDeployCall(paymentPayload)
 * if (deploy && (await client.getCode({ address: from })) === undefined) await walletClient.sendTransaction(deploy)
 */
export function getDeployCall(payment: GetSettleCallParameters): GetDeployCallReturnType {
  const { signature } = exactPayloadOf(payment)
  if (!isErc6492Signature(signature as Hex)) return undefined
  const { address, data } = parseErc6492Signature(signature as Hex)
  if (address === undefined || data === undefined) return undefined
  return { to: address, data }
}
