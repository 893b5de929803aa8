import { defineChain, type Address, type Chain as ViemChain, type Hex } from 'viem'

/** The part of the chain environment (src/chain `Chain`) the upstream peers need. */
export type InteropChain = {
  rpcUrl: string
  chainId: number
  network: `eip155:${number}`
  networkV1: string | null
  asset: { address: Address; name: string; version: string; decimals: number }
  payTo: Address
  payers: readonly { address: Address; privateKey: Hex }[]
  facilitator: { address: Address; privateKey: Hex }
}

/**
 * A viem chain object for the local RPC. viem's `baseSepolia` would send to the public RPC, and the
 * upstream SDKs take a viem client, not a URL: so the local chain id gets its own definition.
 */
export function viemChainOf(chain: InteropChain): ViemChain {
  return defineChain({
    id: chain.chainId,
    name: `local ${chain.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [chain.rpcUrl] } },
  })
}

/** The v1 network name of the chain; throws when the chain id has none (v1 peers cannot use it). */
export function v1NetworkOf(chain: InteropChain): string {
  if (chain.networkV1 === null) throw new Error(`chain ${chain.chainId} has no v1 network name; v1 peers need one`)
  return chain.networkV1
}
