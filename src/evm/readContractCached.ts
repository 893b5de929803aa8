import { decodeFunctionResult, encodeFunctionData, getAbiItem, getContractError, toFunctionSelector } from 'viem'
import type { Abi, AbiFunction, Address, Hex, PublicClient } from 'viem'

export type ReadContractCachedParameters = {
  readonly address: Address
  readonly abi: Abi
  readonly functionName: string
  readonly args?: readonly unknown[]
}

const selectors = new WeakMap<object, Hex>()

/**
 * viem's `encodeFunctionData` with the function selector computed once per ABI item: viem hashes the
 * function's signature (keccak in JavaScript) on every call, which was the largest cost of a /verify.
 */
function encodeCall({ abi, functionName, args }: ReadContractCachedParameters): Hex {
  const item = getAbiItem({ abi, name: functionName, args: args as never }) as AbiFunction | undefined
  if (item?.type !== 'function') return encodeFunctionData({ abi, functionName, args } as never)
  let selector = selectors.get(item)
  if (selector === undefined) {
    selector = toFunctionSelector(item)
    selectors.set(item, selector)
  }
  return encodeFunctionData({ abi: [item], functionName: selector, args } as never)
}

/**
 * What viem's `readContract` (or, with its `docsPath`, `simulateContract` without an account) does, with
 * the same result and the same errors: an `eth_call` of the encoded call, its result decoded, a failure
 * wrapped by `getContractError`. Only the selector is cached.
 *
 * @example
 * const balance = await readContractCached(client, { address, abi: eip3009Abi, functionName: 'balanceOf', args: [from] })
 */
export async function readContractCached<T>(
  client: PublicClient,
  parameters: ReadContractCachedParameters,
  docsPath: '/docs/contract/readContract' | '/docs/contract/simulateContract' = '/docs/contract/readContract',
): Promise<T> {
  const { abi, address, args, functionName } = parameters
  const data = encodeCall(parameters)
  try {
    const answer = await client.call({ data, to: address })
    return decodeFunctionResult({ abi, args, functionName, data: answer.data || '0x' } as never) as T
  } catch (error) {
    throw getContractError(error as never, { abi, address, args, docsPath, functionName })
  }
}
