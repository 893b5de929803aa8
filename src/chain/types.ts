import type { Address, Hex, PublicClient, TestClient } from 'viem'

/** A key pair of a local test account (anvil's public keys). */
export type ChainAccount = { address: Address; privateKey: Hex }

/** Addresses of the harness contracts on a chain. */
export type ChainContracts = {
  mockUsdc: Address
  nonRevertingToken: Address
  noLowSToken: Address
  tokenB: Address
  factory6492: Address
  wallet1271: Address
  multicall3: Address
  /** Permit2 and the x402 proxies (planted at their canonical addresses), the Permit2-only tokens. */
  permit2: Address
  exactPermit2Proxy: Address
  uptoPermit2Proxy: Address
  plainToken: Address
  permitToken: Address
  /** Hostile contracts of the attack cases (src/chain/hostileContracts.ts). */
  fakeTransferToken: Address
  gasBurnerToken: Address
  acceptAllFactory: Address
}

/** A running local chain with everything deployed, planted and funded. */
export type Chain = {
  rpcUrl: string
  /** Process id of anvil. */
  pid: number
  chainId: number
  network: `eip155:${number}`
  /** The v1 network name of the chain id, or null when it has none. */
  networkV1: string | null
  /** The network's default USDC, planted at its canonical address (the deployed MockUSDC when the chain id has none). */
  asset: { address: Address; name: string; version: string; decimals: number }
  payTo: Address
  /** Funded with ETH and with every token (asset, MockUSDC, the variants, token B). */
  payers: ChainAccount[]
  /** Funded with ETH for gas; nothing else uses it, so its transaction count is the facilitator's. */
  facilitator: ChainAccount
  contracts: ChainContracts
  /** Smart wallets owned by `payers[0]`, both funded with every token. */
  smartWallets: {
    /** The deployed ERC-1271 wallet (same as contracts.wallet1271). */
    deployed: { address: Address; owner: ChainAccount }
    /** Not deployed yet: `Factory6492.deploy(owner, salt)` deploys it at `address`. */
    counterfactual: { address: Address; owner: ChainAccount; salt: Hex; factory: Address }
  }
  publicClient: PublicClient
  testClient: TestClient
  /** The environment handed to implementations (DESIGN §4), without X402_FACILITATOR_URL. */
  env(): Record<string, string>
  /** What `x402-conformance chain` prints. */
  toJSON(): ChainJson
  /** Mints `amount` of `token` (default: the asset) to `to` and waits for the receipt (needs automine). */
  mint(to: Address, amount: bigint, token?: Address): Promise<void>
  /** Stops anvil; resolves when the process has exited and the port is closed. Idempotent. */
  stop(): Promise<void>
}

export type ChainJson = {
  rpcUrl: string
  chainId: number
  network: `eip155:${number}`
  networkV1: string | null
  asset: Chain['asset']
  payTo: Address
  payers: ChainAccount[]
  facilitator: ChainAccount
  /** Absent for a chain the suite did not set up (nothing planted there). */
  permit2?: Permit2Json | undefined
}

/**
 * Permit2 and the x402 proxies at their canonical addresses, and the Permit2-only tokens: `plainToken` (no
 * EIP-3009, no EIP-2612; every payer has approved Permit2 without limit) and `permitToken` (EIP-2612, version
 * "1"; no payer has approved Permit2, so paying with it needs the gas-sponsoring permit or an approval).
 */
export type Permit2Json = {
  permit2: Address
  exactProxy: Address
  uptoProxy: Address
  plainToken: { address: Address; name: string; decimals: number }
  permitToken: { address: Address; name: string; version: string; decimals: number }
}

export type StartChainParameters = {
  /** Default 84532 (Base Sepolia), so implementations that only know `base-sepolia` work. */
  chainId?: number | undefined
  /** Default: a free port. */
  port?: number | undefined
  /** Reserved: anvil's output is never shown. */
  quiet?: boolean | undefined
  /** Default true: while idle, mine an empty block when the latest is a second behind the wall clock. */
  followWallClock?: boolean | undefined
}
