import { createPublicClient, createTestClient, createWalletClient, defineChain, http, type Address, type PublicClient } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { MockUSDC } from '../../contracts/artifacts/index.js'
import { X402Error } from '../errors/X402Error.js'
import { findEvmNetwork } from '../networks/registry.js'
import { accountRoles, anvilPrivateKeys } from './accounts.js'
import { spawnAnvil } from './anvil.js'
import { deployAll } from './deploy.js'
import type { Chain, ChainAccount, ChainJson, StartChainParameters } from './types.js'

/** Every holder starts with this much of every token: 1,000,000 units of a 6-decimals token. */
export const initialTokenBalance = 1_000_000n * 10n ** 6n

const account = (index: number): ChainAccount => {
  const privateKey = anvilPrivateKeys[index]!
  return { address: privateKeyToAddress(privateKey), privateKey }
}

/**
 * Starts anvil on 127.0.0.1, deploys MockUSDC, the adversarial variants and the smart wallets, plants Multicall3
 * and the network's default USDC at their canonical addresses, funds the payers, and returns the environment.
 *
 * @example
 * const chain = await startChain()
 * try { ... } finally { await chain.stop() }
 */
export async function startChain(parameters: StartChainParameters = {}): Promise<Chain> {
  const chainId = parameters.chainId ?? 84532
  const network = findEvmNetwork(chainId)
  const defaultAsset = network?.defaultAsset ?? null
  const anvil = await spawnAnvil({ chainId, port: parameters.port })
  try {
    const deployer = account(accountRoles.deployer)
    const facilitator = account(accountRoles.facilitator)
    const payTo = account(accountRoles.payTo).address
    const payers = anvilPrivateKeys.slice(accountRoles.firstPayer).map((_, i) => account(accountRoles.firstPayer + i))
    const owner = payers[0]!
    const name = defaultAsset?.name ?? 'USD Coin'
    const version = defaultAsset?.version ?? '2'
    const deployed = await deployAll({
      rpcUrl: anvil.rpcUrl,
      deployer: deployer.address,
      name,
      version,
      holders: payers.map((p) => p.address),
      amount: initialTokenBalance,
      walletOwner: owner.address,
      planted: defaultAsset ? { address: defaultAsset.address, name: defaultAsset.name, version: defaultAsset.version } : null,
    })
    const asset = defaultAsset
      ? { address: defaultAsset.address, name: defaultAsset.name, version: defaultAsset.version, decimals: defaultAsset.decimals }
      : { address: deployed.mockUsdc, name, version, decimals: 6 }
    const viemChain = defineChain({
      id: chainId,
      name: `local ${chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [anvil.rpcUrl] } },
      contracts: { multicall3: { address: deployed.multicall3 } },
    })
    const transport = http(anvil.rpcUrl)
    // No cache: a test reads the block number right after a transaction and must see it.
    const publicClient = createPublicClient({ chain: viemChain, transport, pollingInterval: 20, cacheTime: 0 }) as PublicClient
    const testClient = createTestClient({ chain: viemChain, mode: 'anvil', transport, pollingInterval: 20 })
    const deployerWallet = createWalletClient({ chain: viemChain, account: deployer.address, transport })
    const json: ChainJson = {
      rpcUrl: anvil.rpcUrl, chainId, network: `eip155:${chainId}`, networkV1: network?.v1Name ?? null,
      asset, payTo, payers, facilitator,
    }
    return {
      ...json,
      pid: anvil.pid,
      contracts: {
        mockUsdc: deployed.mockUsdc, nonRevertingToken: deployed.nonRevertingToken, noLowSToken: deployed.noLowSToken,
        tokenB: deployed.tokenB, wallet1271: deployed.wallet1271, factory6492: deployed.factory6492, multicall3: deployed.multicall3,
      },
      smartWallets: {
        deployed: { address: deployed.wallet1271, owner },
        counterfactual: { ...deployed.counterfactual, owner, factory: deployed.factory6492 },
      },
      publicClient,
      testClient,
      env: () => ({
        X402_RPC_URL: anvil.rpcUrl,
        X402_CHAIN_ID: String(chainId),
        X402_NETWORK: `eip155:${chainId}`,
        X402_NETWORK_V1: network?.v1Name ?? '',
        X402_ASSET: asset.address,
        X402_ASSET_NAME: asset.name,
        X402_ASSET_VERSION: asset.version,
        X402_PAY_TO: payTo,
        X402_FACILITATOR_PRIVATE_KEY: facilitator.privateKey,
      }),
      toJSON: () => structuredClone(json),
      mint: async (to: Address, amount: bigint, token: Address = asset.address) => {
        const hash = await deployerWallet.writeContract({ address: token, abi: MockUSDC.abi, functionName: 'mint', args: [to, amount] })
        const receipt = await publicClient.waitForTransactionReceipt({ hash })
        if (receipt.status !== 'success') throw new X402Error({ shortMessage: 'mint reverted', details: hash })
      },
      stop: anvil.stop,
    }
  } catch (error) {
    await anvil.stop()
    throw error
  }
}
