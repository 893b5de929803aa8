import {
  createPublicClient,
  createWalletClient,
  defineChain,
  erc20Abi,
  getAddress,
  http,
  keccak256,
  parseAbi,
  stringToHex,
} from 'viem'
import type { Address, Hex, PublicClient, TestClient } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { Chain } from '../../src/chain/index.js'
import { findEvmNetwork } from '../../src/networks/registry.js'
import { CaseSkip, EnvironmentError } from '../context/failure.js'

/** Why a case that needs chain control is skipped on a chain the harness does not own. */
export const noChainControl =
  'needs chain control (anvil_* / evm_* methods: mining, balances, impersonation), which the harness does not use on a chain it does not own (--payer-key)'

export type UseForeignChainParameters = {
  rpcUrl: string
  /** Holds the asset (and gas, when a reference facilitator runs): it funds every payer of the run. */
  payerKey: Hex
  /** The token payments use; default: the network's default USDC. */
  asset?: Address | undefined
  /** Gas the reference facilitator's key is topped up to, when the harness runs one (default 0: none). */
  facilitatorGas?: bigint | undefined
}

const domainAbi = parseAbi([
  'function eip712Domain() view returns (bytes1, string, string, uint256, address, bytes32, uint256[])',
  'function name() view returns (string)',
  'function version() view returns (string)',
])

const derivedKey = (payerKey: Hex, purpose: string): Hex => keccak256(stringToHex(`${payerKey}:x402-conformance:${purpose}`))

/** A test client whose every method skips the case: chain control is never used on a chain that is not ours. */
const controlless = new Proxy({} as TestClient, {
  get: (_, property) => (property === 'then' ? undefined : () => Promise.reject(new CaseSkip(noChainControl))),
})

async function readDomain(client: PublicClient, asset: Address): Promise<{ name: string; version: string }> {
  try {
    const [, name, version] = await client.readContract({ address: asset, abi: domainAbi, functionName: 'eip712Domain' })
    return { name, version }
  } catch {
    const name = await client.readContract({ address: asset, abi: domainAbi, functionName: 'name' })
    const version = await client.readContract({ address: asset, abi: domainAbi, functionName: 'version' })
    return { name, version }
  }
}

/**
 * A chain the harness does not own (a long-running node, a fork, a plain anvil): nothing is deployed or
 * planted, no anvil_* or evm_* method is called (a case that needs one is skipped with the reason), every payer
 * is funded from `payerKey` by plain ERC-20 transfers, and the ledger reads the chain as it is. Throws
 * {@link EnvironmentError} when the chain or the asset cannot be read, or the payer holds none of the asset.
 *
 * @example
 * const chain = await useForeignChain({ rpcUrl, payerKey, asset })
 */
export async function useForeignChain(parameters: UseForeignChainParameters): Promise<Chain> {
  const { rpcUrl, payerKey } = parameters
  const transport = http(rpcUrl, { retryCount: 1 })
  let chainId: number
  try {
    chainId = await createPublicClient({ transport }).getChainId()
  } catch (error) {
    throw new EnvironmentError({ shortMessage: `the chain at ${rpcUrl} is unreachable`, cause: error })
  }
  const network = findEvmNetwork(chainId)
  const assetAddress = parameters.asset ?? network?.defaultAsset?.address
  if (assetAddress === undefined) {
    throw new EnvironmentError({ shortMessage: `chain ${chainId} has no default asset: give --asset with --payer-key` })
  }
  const viemChain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  })
  const publicClient = createPublicClient({ chain: viemChain, transport, pollingInterval: 250, cacheTime: 0 }) as PublicClient
  const address = getAddress(assetAddress)
  const payer = privateKeyToAccount(payerKey)
  let asset: Chain['asset']
  let held: bigint
  try {
    const [domain, decimals] = await Promise.all([
      readDomain(publicClient, address),
      publicClient.readContract({ address, abi: erc20Abi, functionName: 'decimals' }),
    ])
    asset = { address, ...domain, decimals }
    held = await publicClient.readContract({ address, abi: erc20Abi, functionName: 'balanceOf', args: [payer.address] })
  } catch (error) {
    const shortMessage = `cannot read the asset ${address} on ${rpcUrl} (name, version, decimals, balanceOf)`
    throw new EnvironmentError({ shortMessage, cause: error })
  }
  if (held === 0n)
    throw new EnvironmentError({ shortMessage: `the payer key's account ${payer.address} holds none of ${address}` })
  const wallet = createWalletClient({ chain: viemChain, account: payer, transport })
  const facilitator = { privateKey: derivedKey(payerKey, 'facilitator'), address: '0x' as Address }
  facilitator.address = privateKeyToAccount(facilitator.privateKey).address
  const payTo = privateKeyToAccount(derivedKey(payerKey, 'payTo')).address
  const gas = parameters.facilitatorGas ?? 0n
  if (gas > 0n) {
    const has = await publicClient.getBalance({ address: facilitator.address })
    if (has < gas) {
      const hash = await wallet.sendTransaction({ to: facilitator.address, value: gas - has })
      await publicClient.waitForTransactionReceipt({ hash })
    }
  }
  const networkV1 = network?.v1Name ?? null
  const json = {
    rpcUrl,
    chainId,
    network: `eip155:${chainId}` as const,
    networkV1,
    asset,
    payTo,
    payers: [{ address: payer.address, privateKey: payerKey }],
    facilitator,
  }
  return {
    ...json,
    pid: 0,
    contracts: {} as Chain['contracts'],
    smartWallets: {} as Chain['smartWallets'],
    publicClient,
    testClient: controlless,
    env: () => ({
      X402_RPC_URL: rpcUrl,
      X402_CHAIN_ID: String(chainId),
      X402_NETWORK: json.network,
      X402_NETWORK_V1: networkV1 ?? '',
      X402_ASSET: asset.address,
      X402_ASSET_NAME: asset.name,
      X402_ASSET_VERSION: asset.version,
      X402_PAY_TO: payTo,
      X402_FACILITATOR_PRIVATE_KEY: facilitator.privateKey,
    }),
    toJSON: () => ({ ...json, payers: [] }),
    mint: async (to: Address, amount: bigint, token: Address = asset.address) => {
      if (token.toLowerCase() !== asset.address.toLowerCase())
        throw new CaseSkip('needs a second token, which a chain the harness does not own (--payer-key) lacks')
      const hash = await wallet.writeContract({
        address: asset.address,
        abi: erc20Abi,
        functionName: 'transfer',
        args: [to, amount],
      })
      const receipt = await publicClient.waitForTransactionReceipt({ hash })
      if (receipt.status !== 'success') throw new Error(`the payer key's transfer to ${to} reverted (${hash})`)
    },
    stop: async () => undefined,
  }
}
