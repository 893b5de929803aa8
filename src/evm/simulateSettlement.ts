import { decodeErrorResult, encodeFunctionData, isErc6492Signature } from 'viem'
import type { PublicClient } from 'viem'
import type { ExactEvmPayload } from '../types/exactEvm.js'
import { multicall3Abi } from './abi.js'
import { contractFailureOf } from './classifyCallError.js'
import { multicall3Address } from './constants.js'
import { getDeployCall } from './getDeployCall.js'
import { getSettleCall } from './getSettleCall.js'
import { readContractCached } from './readContractCached.js'

/** Revert text of a failed sub-call, if it is an `Error(string)`. */
function revertText(data: `0x${string}`): string {
  try {
    const decoded = decodeErrorResult({ data })
    return decoded.args?.[0] === undefined ? decoded.errorName : String(decoded.args[0])
  } catch {
    return data === '0x' ? 'reverted without data' : `reverted with ${data.slice(0, 74)}`
  }
}

/**
 * Simulates the settlement call with `eth_call`: the `transferWithAuthorization` of
 * {@link getSettleCall}, preceded by the ERC-6492 deployment when the signer is counterfactual
 * (both inside one Multicall3 `aggregate3`). Returns `undefined` when it would succeed, else why not.
 * Transport failures throw.
 */
export async function simulateSettlement(
  client: PublicClient,
  payload: ExactEvmPayload,
  asset: string,
  counterfactual: boolean,
): Promise<string | undefined> {
  const call = getSettleCall(payload, { asset })
  const deploy = counterfactual && isErc6492Signature(payload.signature as `0x${string}`) ? getDeployCall(payload) : undefined
  try {
    if (deploy === undefined) {
      await readContractCached(client, call, '/docs/contract/simulateContract')
      return undefined
    }
    const code = await client.getCode({ address: multicall3Address })
    if (code === undefined || code === '0x') return 'cannot simulate a counterfactual wallet: no Multicall3 on this chain'
    const { result } = await client.simulateContract({
      address: multicall3Address,
      abi: multicall3Abi,
      functionName: 'aggregate3',
      args: [
        [
          { target: deploy.to, allowFailure: false, callData: deploy.data },
          { target: call.address, allowFailure: true, callData: encodeFunctionData(call) },
        ],
      ],
    })
    const transfer = result[1]
    return transfer?.success === true ? undefined : `transferWithAuthorization ${revertText(transfer?.returnData ?? '0x')}`
  } catch (error) {
    const reason = contractFailureOf(error)
    if (reason === undefined) throw error
    return `transferWithAuthorization would revert: ${reason}`
  }
}
