// biome-ignore-all format: a table of rows, one row per line, reads better than the formatter's layout
import { UnknownNetworkError } from '../errors/input.js'

/** The default stablecoin of a network: what a server prices in when it names only a dollar amount. */
export type DefaultAsset = {
  readonly address: `0x${string}`
  /** EIP-712 domain name of the token. */
  readonly name: string
  /** EIP-712 domain version of the token. */
  readonly version: string
  readonly decimals: number
  readonly symbol: string
  /** `eip3009` (transferWithAuthorization, what exact-EVM here implements) or `permit2` (the token lacks EIP-3009). */
  readonly transferMethod: 'eip3009' | 'permit2'
  /**
   * Which upstream table the entry comes from: `v2` = the default-asset table of the v2 SDKs
   * (@x402/evm 2.27.0 DEFAULT_ASSETS); `v1` = the USDC table of the legacy v1 SDK (x402 1.2.0),
   * which assumes EIP-712 version "2" and 6 decimals for every entry.
   */
  readonly origin: 'v1' | 'v2'
}

/** One EVM network x402 knows: its v1 name (if it has one), chain id and CAIP-2 id. */
export type EvmNetwork = {
  readonly chainId: number
  readonly caip2: `eip155:${number}`
  /** The v1 wire name (`base-sepolia`), or `null` where v1 never named the network. */
  readonly v1Name: string | null
  readonly testnet: boolean
  /** Display name. */
  readonly name: string
  readonly defaultAsset: DefaultAsset | null
}

const net = (chainId: number, v1Name: string | null, testnet: boolean, name: string, defaultAsset: DefaultAsset | null): EvmNetwork => ({
  chainId,
  caip2: `eip155:${chainId}`,
  v1Name,
  testnet,
  name,
  defaultAsset,
})

/** USDC with EIP-3009 (`transferWithAuthorization`), EIP-712 version "2" and 6 decimals, under its EIP-712 name. */
const usdc = (address: `0x${string}`, name: string, origin: DefaultAsset['origin']): DefaultAsset => ({
  address,
  name,
  version: '2',
  decimals: 6,
  symbol: 'USDC',
  transferMethod: 'eip3009',
  origin,
})

/**
 * Every EVM network named in the upstream texts and SDK tables (v1 names from the v1 spec, x402 1.2.0
 * and @x402/evm 2.27.0; default assets from @x402/evm 2.27.0, else from x402 1.2.0). A test checks
 * each entry against those packages.
 */
export const evmNetworks: readonly EvmNetwork[] = [
  net(1, 'ethereum', false, 'Ethereum', usdc('0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', 'USD Coin', 'v2')),
  net(11155111, 'sepolia', true, 'Sepolia', null),
  net(8453, 'base', false, 'Base', usdc('0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913', 'USD Coin', 'v2')),
  net(84532, 'base-sepolia', true, 'Base Sepolia', usdc('0x036CbD53842c5426634e7929541eC2318f3dCF7e', 'USDC', 'v2')),
  net(43114, 'avalanche', false, 'Avalanche C-Chain', usdc('0xB97EF9Ef8734C71904D8002F8b6Bc66Dd9c48a6E', 'USD Coin', 'v2')),
  net(43113, 'avalanche-fuji', true, 'Avalanche Fuji', usdc('0x5425890298aed601595a70AB815c96711a31Bc65', 'USD Coin', 'v1')),
  net(4689, 'iotex', false, 'IoTeX', usdc('0xcDf79194C6C285077A58da47641D4dBe51F63542', 'Bridged USDC', 'v1')),
  net(1329, 'sei', false, 'Sei', usdc('0xe15fC38F6D8c56aF07bbCBe3BAf5708A2Bf42392', 'USDC', 'v2')),
  net(1328, 'sei-testnet', true, 'Sei testnet', usdc('0x4fCF1784B31630811181f670Aea7A7bEF803eaED', 'USDC', 'v2')),
  net(137, 'polygon', false, 'Polygon', usdc('0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359', 'USD Coin', 'v2')),
  net(80002, 'polygon-amoy', true, 'Polygon Amoy', usdc('0x41E94Eb019C0762f9Bfcf9Fb1E58725BfB0e7582', 'USDC', 'v1')),
  net(3338, 'peaq', false, 'peaq', usdc('0xbbA60da06c2c5424f03f7434542280FCAd453d10', 'USDC', 'v1')),
  net(2741, 'abstract', false, 'Abstract', usdc('0x84A71ccD554Cc1b02749b35d22F684CC8ec987e1', 'Bridged USDC', 'v1')),
  net(11124, 'abstract-testnet', true, 'Abstract testnet', usdc('0xe4C7fBB0a626ed208021ccabA6Be1566905E2dFc', 'Bridged USDC', 'v1')),
  net(1514, 'story', false, 'Story', usdc('0xF1815bd50389c46847f0Bda824eC8da914045D14', 'Bridged USDC', 'v1')),
  net(41923, 'educhain', false, 'EDU Chain', usdc('0x12a272A581feE5577A5dFa371afEB4b2F3a8C2F8', 'Bridged USDC (Stargate)', 'v1')),
  net(324705682, 'skale-base-sepolia', true, 'SKALE Base Sepolia', usdc('0x2e08028E3C4c2356572E096d8EF835cD5C6030bD', 'Bridged USDC (SKALE Bridge)', 'v1')),
  net(4326, 'megaeth', false, 'MegaETH', { address: '0xFAfDdbb3FC7688494971a79cc65DCa3EF82079E7', name: 'MegaUSD', version: '1', decimals: 18, symbol: 'MegaUSD', transferMethod: 'permit2', origin: 'v2' }),
  net(143, 'monad', false, 'Monad', usdc('0x754704Bc059F8C67012fEd69BC8A327a5aafb603', 'USDC', 'v2')),
  net(988, 'stable', false, 'Stable', { address: '0x779Ded0c9e1022225f8E0630b35a9b54bE713736', name: 'USDT0', version: '1', decimals: 6, symbol: 'USDT0', transferMethod: 'eip3009', origin: 'v2' }),
  net(2201, 'stable-testnet', true, 'Stable testnet', { address: '0x78Cf24370174180738C5B8E352B6D14c83a6c9A9', name: 'USDT0', version: '1', decimals: 6, symbol: 'USDT0', transferMethod: 'eip3009', origin: 'v2' }),
  net(42220, 'celo', false, 'Celo', usdc('0xcebA9300f2b948710d2653dD7B07f33A8B32118C', 'USDC', 'v2')),
  net(11142220, null, true, 'Celo Sepolia', usdc('0x01C5C0122039549AD1493B8220cABEdD739BC44E', 'USDC', 'v2')),
  net(14, 'flare', false, 'Flare', { address: '0xe7cd86e13AC4309349F30B3435a9d337750fC82D', name: 'USD\u20AE0', version: '1', decimals: 6, symbol: 'USDT0', transferMethod: 'eip3009', origin: 'v2' }),
  net(42161, null, false, 'Arbitrum One', usdc('0xaf88d065e77c8cC2239327C5EDb3A432268e5831', 'USD Coin', 'v2')),
  net(421614, null, true, 'Arbitrum Sepolia', usdc('0x75faf114eafb1BDbe2F0316DF893fd58CE46AA4d', 'USD Coin', 'v2')),
  net(31612, null, false, 'Mezo', { address: '0xdD468A1DDc392dcdbEf6db6e34E89AA338F9F186', name: 'Mezo USD', version: '1', decimals: 18, symbol: 'mUSD', transferMethod: 'permit2', origin: 'v2' }),
  net(31611, null, true, 'Mezo testnet', { address: '0x118917a40FAF1CD7a13dB0Ef56C86De7973Ac503', name: 'Mezo USD', version: '1', decimals: 18, symbol: 'mUSD', transferMethod: 'permit2', origin: 'v2' }),
  net(723487, null, false, 'Radius', { address: '0x33ad9e4BD16B69B5BFdED37D8B5D9fF9aba014Fb', name: 'Stable Coin', version: '1', decimals: 6, symbol: 'SBC', transferMethod: 'permit2', origin: 'v2' }),
  net(72344, null, true, 'Radius testnet', { address: '0x33ad9e4BD16B69B5BFdED37D8B5D9fF9aba014Fb', name: 'Stable Coin', version: '1', decimals: 6, symbol: 'SBC', transferMethod: 'permit2', origin: 'v2' }),
  net(36900, null, false, 'ADI Chain', { address: '0x9cb8142aEBBcdc60AF7c97Af897A67A8f3CA71C2', name: 'USDC.e', version: '2', decimals: 6, symbol: 'USDC.e', transferMethod: 'eip3009', origin: 'v2' }),
  net(190415, null, false, 'HPP', { address: '0x401eCb1D350407f13ba348573E5630B83638E30D', name: 'Bridged USDC', version: '2', decimals: 6, symbol: 'USDC.e', transferMethod: 'eip3009', origin: 'v2' }),
  net(181228, null, true, 'HPP Sepolia', { address: '0x401eCb1D350407f13ba348573E5630B83638E30D', name: 'Bridged USDC', version: '2', decimals: 6, symbol: 'USDC.e', transferMethod: 'eip3009', origin: 'v2' }),
  net(50, null, false, 'XDC Network', usdc('0xfA2958CB79b0491CC627c1557F441eF849Ca8eb1', 'USDC', 'v2')),
  net(51, null, true, 'XDC Apothem', usdc('0xb5AB69F7bBada22B28e79C8FFAECe55eF1c771D4', 'USDC', 'v2')),
  net(38833, null, false, 'Igra', { address: '0xA5b8BF902b2844dA17d4506cc827F7F1681735E7', name: 'USDC', version: '1', decimals: 6, symbol: 'USDC', transferMethod: 'permit2', origin: 'v2' }),
]

const byChainId = new Map(evmNetworks.map((n) => [n.chainId, n]))
const byV1Name = new Map(evmNetworks.filter((n) => n.v1Name !== null).map((n) => [n.v1Name as string, n]))
const caip2Evm = /^eip155:([1-9][0-9]{0,15})$/

/** Looks a network up by chain id, CAIP-2 id or v1 name; `undefined` when unknown. */
export function findEvmNetwork(network: string | number): EvmNetwork | undefined {
  if (typeof network === 'number') return byChainId.get(network)
  const caip = caip2Evm.exec(network)
  if (caip) return byChainId.get(Number(caip[1]))
  return byV1Name.get(network)
}

/** Like {@link findEvmNetwork} but throws an {@link UnknownNetworkError} for an unknown network. */
export function getEvmNetwork(network: string | number): EvmNetwork {
  const found = findEvmNetwork(network)
  if (!found) throw new UnknownNetworkError({ network })
  return found
}

/**
 * The chain id a network id names: any `eip155:<n>` (known or not), or a known v1 name.
 * `undefined` when the id names no EVM chain.
 */
export function chainIdOf(network: string): number | undefined {
  const caip = caip2Evm.exec(network)
  if (caip) return Number(caip[1])
  return byV1Name.get(network)?.chainId
}

/** The default asset of a network (chain id, CAIP-2 or v1 name), or `undefined`. */
export function defaultAssetOf(network: string | number): DefaultAsset | undefined {
  return findEvmNetwork(network)?.defaultAsset ?? undefined
}

/** The network's default asset if `asset` is its address (any letter case), else `undefined`. */
export function findDefaultAsset(network: string | number, asset: string): DefaultAsset | undefined {
  const found = defaultAssetOf(network)
  return found && found.address.toLowerCase() === asset.toLowerCase() ? found : undefined
}
