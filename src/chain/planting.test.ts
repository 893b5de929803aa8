import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { hashDomain } from 'viem'
import { MockUSDC } from '../../contracts/artifacts/index.js'
import { balanceOf } from './ledger.js'
import { initialTokenBalance, startChain } from './startChain.js'
import { tokenStorage } from './deploy.js'
import { sendToAsset, signedTransferData } from '../../test/support/signedTransfer.js'
import type { Chain } from './types.js'

const chains: Chain[] = []
afterAll(async () => {
  await Promise.all(chains.map((c) => c.stop()))
})

const read = (chain: Chain, functionName: 'name' | 'version' | 'decimals' | 'DOMAIN_SEPARATOR') =>
  chain.publicClient.readContract({ address: chain.asset.address, abi: MockUSDC.abi, functionName })

async function paysAtAsset(chain: Chain): Promise<void> {
  const payer = chain.payers[0]!
  const { data } = await signedTransferData(chain, 0, 10_000n, `planting ${chain.chainId}`)
  const hash = await sendToAsset(chain, chain.facilitator.address, data)
  expect((await chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe('success')
  expect(await balanceOf(chain.publicClient, chain.asset.address, payer.address)).toBe(initialTokenBalance - 10_000n)
  expect(await balanceOf(chain.publicClient, chain.asset.address, chain.payTo)).toBe(10_000n)
}

describe.each([
  { chainId: 84532, address: '0x036CbD53842c5426634e7929541eC2318f3dCF7e', name: 'USDC', networkV1: 'base-sepolia' },
  { chainId: 8453, address: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913', name: 'USD Coin', networkV1: 'base' },
] as const)('canonical address of chain $chainId', ({ chainId, address, name, networkV1 }) => {
  let chain: Chain
  beforeAll(async () => {
    chain = await startChain({ chainId })
    chains.push(chain)
  })

  test('the asset is the planted address with the real name, version and decimals', async () => {
    expect(chain.asset).toEqual({ address, name, version: '2', decimals: 6 })
    expect(chain.networkV1).toBe(networkV1)
    expect(await read(chain, 'name')).toBe(name)
    expect(await read(chain, 'version')).toBe('2')
    expect(await read(chain, 'decimals')).toBe(6)
  })

  test("DOMAIN_SEPARATOR is the real token's domain at that address", async () => {
    const expected = hashDomain({
      domain: { name, version: '2', chainId: BigInt(chainId), verifyingContract: address },
      types: {
        EIP712Domain: [
          { name: 'name', type: 'string' },
          { name: 'version', type: 'string' },
          { name: 'chainId', type: 'uint256' },
          { name: 'verifyingContract', type: 'address' },
        ],
      },
    })
    expect(await read(chain, 'DOMAIN_SEPARATOR')).toBe(expected)
  })

  test('payers hold the asset, and a signature for the real domain settles there', async () => {
    for (const payer of chain.payers)
      expect(await balanceOf(chain.publicClient, address, payer.address)).toBe(initialTokenBalance)
    await paysAtAsset(chain)
  })

  test('env() and toJSON() describe the chain', () => {
    expect(chain.env()).toEqual({
      X402_RPC_URL: chain.rpcUrl,
      X402_CHAIN_ID: String(chainId),
      X402_NETWORK: `eip155:${chainId}`,
      X402_NETWORK_V1: networkV1,
      X402_ASSET: address,
      X402_ASSET_NAME: name,
      X402_ASSET_VERSION: '2',
      X402_PAY_TO: chain.payTo,
      X402_FACILITATOR_PRIVATE_KEY: chain.facilitator.privateKey,
    })
    expect(Object.keys(chain.toJSON())).toEqual([
      'rpcUrl',
      'chainId',
      'network',
      'networkV1',
      'asset',
      'payTo',
      'payers',
      'facilitator',
      'permit2',
    ])
  })
})

test('a chain id without a default asset uses the deployed MockUSDC', async () => {
  const chain = await startChain({ chainId: 31337 })
  chains.push(chain)
  expect(chain.asset.address).toBe(chain.contracts.mockUsdc)
  expect(chain.networkV1).toBeNull()
  expect(chain.env().X402_NETWORK_V1).toBe('')
  await paysAtAsset(chain)
})

test('tokenStorage plants a token with a long (32 bytes or more) name at any address', async () => {
  const chain = chains[chains.length - 1]!
  const address = '0x000000000000000000000000000000000000dEaD'
  const name = 'A token name that is longer than thirty-two bytes, and then some more'
  await chain.testClient.setCode({ address, bytecode: MockUSDC.deployedBytecode })
  for (const [slot, value] of tokenStorage(name, 'v9', [[chain.payTo, 5n]]))
    await chain.testClient.setStorageAt({ address, index: slot, value })
  const token = { ...chain, asset: { address, name, version: 'v9', decimals: 6 } } as Chain
  expect(await read(token, 'name')).toBe(name)
  expect(await read(token, 'version')).toBe('v9')
  expect(await balanceOf(chain.publicClient, address, chain.payTo)).toBe(5n)
  expect(await chain.publicClient.readContract({ address, abi: MockUSDC.abi, functionName: 'totalSupply' })).toBe(5n)
})
