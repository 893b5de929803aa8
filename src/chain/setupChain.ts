import { createPublicClient, createTestClient, createWalletClient, defineChain, http } from 'viem'
import type { Address, PublicClient } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { MockUSDC } from '../../contracts/artifacts/index.js'
import { findEvmNetwork } from '../networks/registry.js'
import { accountRoles, anvilPrivateKeys } from './accounts.js'
import { deployAll, type Deployed } from './deploy.js'
import { permitTokenName, plainTokenName } from './permit2Contracts.js'
import { ChainTransactionError, ContractDeployError } from './errors.js'
import type { Chain, ChainAccount, ChainJson } from './types.js'

/** Every holder starts with this much of every token: 1,000,000 units of a 6-decimals token. */
export const initialTokenBalance = 1_000_000n * 10n ** 6n

/** The anvil account of a role (its key is public). */
export const anvilAccount = (index: number): ChainAccount => {
  const privateKey = anvilPrivateKeys[index]!
  return { address: privateKeyToAddress(privateKey), privateKey }
}

export type SetupChainParameters = {
  /** An anvil answering JSON-RPC (anvil_* methods are used to plant contracts). */
  rpcUrl: string
  chainId: number
  /** Sends the deployments and mints: an account the node signs for (unlocked or impersonated). */
  deployer: Address
  /** Process id of anvil, 0 when it is not ours. */
  pid: number
  stop(): Promise<void>
}

/**
 * The one builder of a {@link Chain}: deploys MockUSDC, the variants and the smart wallets from `deployer`,
 * plants Multicall3 and the network's default USDC, funds the payers, and describes the result. Used by
 * `startChain` (a fresh anvil) and `attachChain` (an anvil that is already running).
 */
export async function setupChain(p: SetupChainParameters): Promise<Chain> {
  const { rpcUrl, chainId } = p
  const network = findEvmNetwork(chainId)
  const defaultAsset = network?.defaultAsset ?? null
  const facilitator = anvilAccount(accountRoles.facilitator)
  const payTo = anvilAccount(accountRoles.payTo).address
  const payers = anvilPrivateKeys.slice(accountRoles.firstPayer).map((_, i) => anvilAccount(accountRoles.firstPayer + i))
  const owner = payers[0]!
  const name = defaultAsset?.name ?? 'USD Coin'
  const version = defaultAsset?.version ?? '2'
  let deployed: Deployed
  try {
    deployed = await deployAll({
      rpcUrl,
      deployer: p.deployer,
      name,
      version,
      holders: payers.map((payer) => payer.address),
      amount: initialTokenBalance,
      walletOwner: owner.address,
      planted: defaultAsset ? { address: defaultAsset.address, name, version } : null,
    })
  } catch (error) {
    if (error instanceof ContractDeployError) throw error
    const reason = (error as Error).message.split('\n')[0]
    const shortMessage = `could not deploy the harness contracts on ${rpcUrl}`
    throw new ContractDeployError({ shortMessage, details: reason, cause: error })
  }
  const asset = defaultAsset
    ? { address: defaultAsset.address, name, version, decimals: defaultAsset.decimals }
    : { address: deployed.mockUsdc, name, version, decimals: 6 }
  const viemChain = defineChain({
    id: chainId,
    name: `local ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
    contracts: { multicall3: { address: deployed.multicall3 } },
  })
  const transport = http(rpcUrl)
  // No cache: a test reads the block number right after a transaction and must see it.
  const publicClient = createPublicClient({ chain: viemChain, transport, pollingInterval: 20, cacheTime: 0 }) as PublicClient
  const testClient = createTestClient({ chain: viemChain, mode: 'anvil', transport, pollingInterval: 20 })
  const deployerWallet = createWalletClient({ chain: viemChain, account: p.deployer, transport })
  const networkV1 = network?.v1Name ?? null
  const permit2 = {
    permit2: deployed.permit2,
    exactProxy: deployed.exactPermit2Proxy,
    uptoProxy: deployed.uptoPermit2Proxy,
    plainToken: { address: deployed.plainToken, name: plainTokenName, decimals: 6 },
    permitToken: { address: deployed.permitToken, name: permitTokenName, version: '1', decimals: 6 },
  }
  const json: ChainJson = { rpcUrl, chainId, network: `eip155:${chainId}`, networkV1, asset, payTo, payers, facilitator, permit2 }
  const { counterfactual, ...contracts } = deployed
  return {
    ...json,
    pid: p.pid,
    contracts,
    smartWallets: {
      deployed: { address: deployed.wallet1271, owner },
      counterfactual: { ...counterfactual, owner, factory: deployed.factory6492 },
    },
    publicClient,
    testClient,
    env: () => ({
      X402_RPC_URL: rpcUrl,
      X402_CHAIN_ID: String(chainId),
      X402_NETWORK: `eip155:${chainId}`,
      X402_NETWORK_V1: networkV1 ?? '',
      X402_ASSET: asset.address,
      X402_ASSET_NAME: asset.name,
      X402_ASSET_VERSION: asset.version,
      X402_PAY_TO: payTo,
      X402_FACILITATOR_PRIVATE_KEY: facilitator.privateKey,
    }),
    toJSON: () => structuredClone(json),
    mint: async (to: Address, amount: bigint, token: Address = asset.address) => {
      const mint = { address: token, abi: MockUSDC.abi, functionName: 'mint', args: [to, amount] } as const
      const hash = await deployerWallet.writeContract(mint)
      const receipt = await publicClient.waitForTransactionReceipt({ hash })
      if (receipt.status !== 'success') throw new ChainTransactionError({ shortMessage: 'mint reverted', details: hash })
    },
    stop: p.stop,
  }
}
