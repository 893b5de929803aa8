import { DEFAULT_ASSETS } from '@x402/evm'
import { EVM_NETWORK_CHAIN_ID_MAP } from '@x402/evm/v1'
import { getAddress } from 'viem'
import { describe, expect, test } from 'vitest'
import { getUsdcChainConfigForChain } from 'x402/shared/evm'
import { EvmNetworkToChainId } from 'x402/types'
import { chainIdOf, defaultAssetOf, evmNetworks, findDefaultAsset, findEvmNetwork, getEvmNetwork } from './registry.js'

describe('agrees with the upstream SDK tables', () => {
  test('every v2 default asset (@x402/evm 2.27.0) is ours, first entry per chain', () => {
    for (const [caip2, assets] of Object.entries(
      DEFAULT_ASSETS as Record<string, { asset: string; name: string; version: string; decimals: number; symbol: string }[]>,
    )) {
      const upstream = assets[0]!
      const ours = findEvmNetwork(caip2)?.defaultAsset
      expect(ours, caip2).toBeTruthy()
      expect(
        {
          address: ours!.address.toLowerCase(),
          name: ours!.name,
          version: ours!.version,
          decimals: ours!.decimals,
          origin: ours!.origin,
        },
        caip2,
      ).toEqual({
        address: upstream.asset.toLowerCase(),
        name: upstream.name,
        version: upstream.version,
        decimals: upstream.decimals,
        origin: 'v2',
      })
    }
  })

  test('every v1 name known to x402 1.2.0 and @x402/evm 2.27.0 maps to the same chain id', () => {
    const names = { ...Object.fromEntries(EvmNetworkToChainId), ...EVM_NETWORK_CHAIN_ID_MAP } as Record<string, number>
    for (const [name, chainId] of Object.entries(names)) expect(chainIdOf(name), name).toBe(chainId)
    const ourNames = evmNetworks.flatMap((n) => (n.v1Name === null ? [] : [n.v1Name]))
    expect(ourNames.sort()).toEqual(Object.keys(names).sort())
  })

  test('entries taken from the legacy v1 table match it (EIP-712 version "2", 6 decimals)', () => {
    const legacy = evmNetworks.filter((n) => n.defaultAsset?.origin === 'v1')
    expect(legacy.length).toBeGreaterThan(0)
    for (const n of legacy) {
      const upstream = getUsdcChainConfigForChain(n.chainId)
      expect(upstream, n.name).toBeTruthy()
      expect(n.defaultAsset!.address.toLowerCase()).toBe(upstream!.usdcAddress.toLowerCase())
      expect(n.defaultAsset!.name).toBe(upstream!.usdcName)
      expect([n.defaultAsset!.version, n.defaultAsset!.decimals]).toEqual(['2', 6])
    }
  })
})

describe('registry', () => {
  test('networks named in the upstream spec texts are known', () => {
    for (const name of ['base-sepolia', 'base', 'avalanche-fuji', 'avalanche', 'iotex'])
      expect(findEvmNetwork(name)?.v1Name).toBe(name)
    for (const id of ['eip155:84532', 'eip155:8453', 'eip155:43113', 'eip155:43114']) expect(findEvmNetwork(id)?.caip2).toBe(id)
  })

  test('addresses are EIP-55 checksummed; chain ids, CAIP-2 ids and v1 names are unique', () => {
    for (const n of evmNetworks) if (n.defaultAsset) expect(n.defaultAsset.address).toBe(getAddress(n.defaultAsset.address))
    expect(new Set(evmNetworks.map((n) => n.chainId)).size).toBe(evmNetworks.length)
    const names = evmNetworks.flatMap((n) => (n.v1Name ? [n.v1Name] : []))
    expect(new Set(names).size).toBe(names.length)
    for (const n of evmNetworks) expect(n.caip2).toBe(`eip155:${n.chainId}`)
  })

  test('Base Sepolia default USDC', () => {
    expect(defaultAssetOf('base-sepolia')).toMatchObject({
      address: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
      name: 'USDC',
      version: '2',
      decimals: 6,
    })
    expect(findDefaultAsset(84532, '0x036cbd53842c5426634e7929541ec2318f3dcf7e')?.name).toBe('USDC')
    expect(findDefaultAsset('eip155:84532', '0x0000000000000000000000000000000000000001')).toBeUndefined()
  })

  test('lookups', () => {
    expect(chainIdOf('eip155:31337')).toBe(31337)
    expect(chainIdOf('solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp')).toBeUndefined()
    expect(chainIdOf('eip155:0x1')).toBeUndefined()
    expect(chainIdOf('nowhere')).toBeUndefined()
    expect(findEvmNetwork(31337)).toBeUndefined()
    expect(() => getEvmNetwork('nowhere')).toThrowErrorMatchingInlineSnapshot(
      `[UnknownNetworkError: unknown EVM network: nowhere]`,
    )
  })
})
