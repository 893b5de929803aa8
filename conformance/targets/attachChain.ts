import { createPublicClient, createTestClient, createWalletClient, defineChain, http, keccak256, parseAbi, toHex } from 'viem'
import type { Address, PublicClient } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { accountRoles, anvilPrivateKeys, initialTokenBalance } from '../../src/chain/index.js'
import type { Chain, ChainAccount } from '../../src/chain/index.js'
import { deployAll } from '../../src/chain/deploy.js'
import { findEvmNetwork } from '../../src/networks/registry.js'
import { EnvironmentError } from '../context/failure.js'

const account = (index: number): ChainAccount => {
  const privateKey = anvilPrivateKeys[index]!
  return { address: privateKeyToAddress(privateKey), privateKey }
}
const mintAbi = parseAbi(['function mint(address to, uint256 amount)'])

/**
 * Uses an anvil that is already running (`--rpc URL`, e.g. one started by `x402-conformance chain`,
 * which an implementation under test already points at): deploys the harness contracts onto it from a
 * fresh impersonated account, plants the default USDC, funds anvil's default accounts as payers. The chain is not
 * stopped at the end. Throws {@link EnvironmentError} when it is unreachable or not an anvil.
 */
export async function attachChain(rpcUrl: string): Promise<Chain> {
  const transport = http(rpcUrl, { retryCount: 0 })
  let chainId: number
  try {
    chainId = await createPublicClient({ transport }).getChainId()
  } catch (error) {
    throw new EnvironmentError({ shortMessage: `the chain at ${rpcUrl} is unreachable`, cause: error })
  }
  const network = findEvmNetwork(chainId)
  const defaultAsset = network?.defaultAsset ?? null
  // A fresh deployer (nonce 0, impersonated): the contracts' addresses follow from its nonces.
  const deployer = { address: privateKeyToAddress(keccak256(toHex(`x402-conformance deployer ${Date.now()} ${Math.random()}`))) }
  const testClient = createTestClient({ mode: 'anvil', transport })
  try {
    await testClient.impersonateAccount({ address: deployer.address })
    await testClient.setBalance({ address: deployer.address, value: 10n ** 22n })
  } catch (error) {
    throw new EnvironmentError({ shortMessage: `the chain at ${rpcUrl} is not an anvil (anvil_impersonateAccount failed)`, cause: error })
  }
  const facilitator = account(accountRoles.facilitator)
  const payTo = account(accountRoles.payTo).address
  const payers = anvilPrivateKeys.slice(accountRoles.firstPayer).map((_, i) => account(accountRoles.firstPayer + i))
  const owner = payers[0]!
  const name = defaultAsset?.name ?? 'USD Coin'
  const version = defaultAsset?.version ?? '2'
  let deployed
  try {
    deployed = await deployAll({
      rpcUrl,
      deployer: deployer.address,
      name,
      version,
      holders: payers.map((p) => p.address),
      amount: initialTokenBalance,
      walletOwner: owner.address,
      planted: defaultAsset ? { address: defaultAsset.address, name: defaultAsset.name, version: defaultAsset.version } : null,
    })
  } catch (error) {
    throw new EnvironmentError({ shortMessage: `could not deploy the harness contracts on ${rpcUrl} (an anvil with its default accounts is required)`, cause: error, details: (error as Error).message })
  }
  const asset = defaultAsset
    ? { address: defaultAsset.address, name: defaultAsset.name, version: defaultAsset.version, decimals: defaultAsset.decimals }
    : { address: deployed.mockUsdc, name, version, decimals: 6 }
  const viemChain = defineChain({ id: chainId, name: `chain ${chainId}`, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } })
  const publicClient = createPublicClient({ chain: viemChain, transport, pollingInterval: 20, cacheTime: 0 }) as PublicClient
  const wallet = createWalletClient({ chain: viemChain, account: deployer.address, transport })
  const json = { rpcUrl, chainId, network: `eip155:${chainId}` as const, networkV1: network?.v1Name ?? null, asset, payTo, payers, facilitator }
  return {
    ...json,
    pid: 0,
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
      X402_RPC_URL: rpcUrl,
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
    async mint(to: Address, amount: bigint, token: Address = asset.address) {
      const hash = await wallet.writeContract({ address: token, abi: mintAbi, functionName: 'mint', args: [to, amount] })
      const receipt = await publicClient.waitForTransactionReceipt({ hash })
      if (receipt.status !== 'success') throw new EnvironmentError({ shortMessage: 'mint reverted', details: hash })
    },
    stop: async () => undefined,
  }
}
