import { X402Error } from '../errors/X402Error.js'

/** The default stablecoin of a network: what `extra` defaults to when a server omits it. */
export type DefaultAsset = {
  readonly address: `0x${string}`
  /** EIP-712 domain name. */
  readonly name: string
  /** EIP-712 domain version. */
  readonly version: string
  readonly decimals: number
}

/** One EVM network x402 knows: its v1 name (if it had one), chain id and CAIP-2 id. */
export type EvmNetwork = {
  readonly chainId: number
  readonly caip2: `eip155:${number}`
  readonly v1Name: string | null
  readonly testnet: boolean
  readonly defaultAsset: DefaultAsset | null
}

const net = (chainId: number, v1Name: string | null, testnet: boolean, defaultAsset: DefaultAsset | null): EvmNetwork => ({
  chainId,
  caip2: `eip155:${chainId}`,
  v1Name,
  testnet,
  defaultAsset,
})

/** Every EVM network named in the upstream texts, with its default USDC where one is known. */
export const evmNetworks: readonly EvmNetwork[] = [
  net(8453, 'base', false, { address: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913', name: 'USD Coin', version: '2', decimals: 6 }),
  net(84532, 'base-sepolia', true, { address: '0x036CbD53842c5426634e7929541eC2318f3dCF7e', name: 'USDC', version: '2', decimals: 6 }),
]

const byChainId = new Map(evmNetworks.map((n) => [n.chainId, n]))
const byV1Name = new Map(evmNetworks.filter((n) => n.v1Name !== null).map((n) => [n.v1Name as string, n]))

/** Looks a network up by chain id, CAIP-2 id or v1 name; `undefined` when unknown. */
export function findEvmNetwork(network: string | number): EvmNetwork | undefined {
  if (typeof network === 'number') return byChainId.get(network)
  const caip = /^eip155:([1-9][0-9]{0,15})$/.exec(network)
  if (caip) return byChainId.get(Number(caip[1]))
  return byV1Name.get(network)
}

/** Like {@link findEvmNetwork} but throws an {@link X402Error} for an unknown network. */
export function getEvmNetwork(network: string | number): EvmNetwork {
  const found = findEvmNetwork(network)
  if (!found) throw new X402Error({ shortMessage: `unknown EVM network: ${String(network)}` })
  return found
}

/**
 * The chain id a network id names: any `eip155:<n>` (known or not), or a known v1 name.
 * `undefined` when the id names no EVM chain.
 */
export function chainIdOf(network: string): number | undefined {
  const caip = /^eip155:([1-9][0-9]{0,15})$/.exec(network)
  if (caip) return Number(caip[1])
  return byV1Name.get(network)?.chainId
}
