import { parseAbiItem } from 'viem'
import type { Address, PublicClient } from 'viem'

/** One token movement seen on the chain. */
export type Movement = { token: Address; from: Address; to: Address; value: bigint }
/** What the chain did while one input was handled: blocks mined and every Transfer in them. */
export type ChainMove = { blocks: number; transfers: Movement[] }
/** The one movement a valid payment may cause. */
export type Expected = { token: string; from: string; to: string; value: bigint }

const transferEvent = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)')

/** The latest block number, read from the node (never a cached value). */
export async function latestBlock(client: PublicClient): Promise<bigint> {
  return BigInt(await client.request({ method: 'eth_blockNumber' }))
}

/** The blocks mined after `since` and every Transfer event in them (any token). */
export async function movesSince(client: PublicClient, since: bigint): Promise<ChainMove> {
  const now = await latestBlock(client)
  if (now <= since) return { blocks: 0, transfers: [] }
  const logs = await client.getLogs({ event: transferEvent, fromBlock: since + 1n, toBlock: now })
  const transfers = logs.map((l) => ({
    token: l.address,
    from: l.args.from as Address,
    to: l.args.to as Address,
    value: l.args.value as bigint,
  }))
  return { blocks: Number(now - since), transfers }
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/** True when the chain moved exactly `expected`, once, and nothing else. */
export function exactlyPaid(move: ChainMove, expected: Expected | undefined): boolean {
  const [t] = move.transfers
  if (expected === undefined || move.transfers.length !== 1 || t === undefined) return false
  return same(t.token, expected.token) && same(t.from, expected.from) && same(t.to, expected.to) && t.value === expected.value
}
