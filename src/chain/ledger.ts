import { parseAbiItem, type Address, type Hex, type PublicClient } from 'viem'
import { MockUSDC } from '../../contracts/artifacts/index.js'

/** One `Transfer` event of a token. */
export type TransferEvent = { from: Address; to: Address; value: bigint; txHash: Hex; blockNumber: bigint }

/** Token balances of some addresses at one moment, keyed by lower-case address. */
export type BalanceSnapshot = Map<string, bigint>

const transferEvent = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)')

/** The token balance of `who` (at `blockNumber`, default: the latest block). */
export async function balanceOf(client: PublicClient, token: Address, who: Address, blockNumber?: bigint): Promise<bigint> {
  const at = blockNumber === undefined ? {} : { blockNumber }
  return client.readContract({ address: token, abi: MockUSDC.abi, functionName: 'balanceOf', args: [who], ...at })
}

/** Whether the EIP-3009 authorization (authorizer, nonce) was used or canceled on `token`. */
export async function authorizationState(
  client: PublicClient,
  token: Address,
  authorizer: Address,
  nonce: Hex,
): Promise<boolean> {
  return client.readContract({ address: token, abi: MockUSDC.abi, functionName: 'authorizationState', args: [authorizer, nonce] })
}

/**
 * `Transfer` events of `token` in blocks [fromBlock, toBlock] (toBlock default: latest), in chain order. A range
 * that starts after its end (e.g. no block mined since a snapshot) has none: anvil rejects such a query.
 */
export async function transferEvents(
  client: PublicClient,
  token: Address,
  fromBlock: bigint,
  toBlock?: bigint,
): Promise<TransferEvent[]> {
  const end = toBlock ?? (await client.getBlockNumber({ cacheTime: 0 }))
  if (fromBlock > end) return []
  const logs = await client.getLogs({ address: token, event: transferEvent, fromBlock, toBlock: end })
  return logs.map((log) => ({
    from: log.args.from!,
    to: log.args.to!,
    value: log.args.value!,
    txHash: log.transactionHash,
    blockNumber: log.blockNumber,
  }))
}

/** Number of transactions `address` has sent (its nonce at `blockTag`, default the latest block; `pending` counts the pool). */
export async function txCount(
  client: PublicClient,
  address: Address,
  blockTag: 'latest' | 'pending' = 'latest',
): Promise<number> {
  return client.getTransactionCount({ address, blockTag })
}

/** Balances of `addresses` on `token`, read together. */
export async function snapshotBalances(
  client: PublicClient,
  token: Address,
  addresses: readonly Address[],
): Promise<BalanceSnapshot> {
  const values = await Promise.all(addresses.map((a) => balanceOf(client, token, a)))
  return new Map(addresses.map((a, i) => [a.toLowerCase(), values[i]!]))
}

/** Per address, `after − before` (only addresses whose balance changed). */
export function diffBalances(before: BalanceSnapshot, after: BalanceSnapshot): Map<string, bigint> {
  const diff = new Map<string, bigint>()
  for (const [address, value] of after) {
    const delta = value - (before.get(address) ?? 0n)
    if (delta !== 0n) diff.set(address, delta)
  }
  return diff
}
