import { parseAbiItem } from 'viem'
import type { Address, Hex, PublicClient } from 'viem'

/**
 * One token movement seen on the chain, with the EIP-3009 nonce its transaction used (an
 * `AuthorizationUsed` event of the same transaction), when there is one.
 */
export type Movement = { token: Address; from: Address; to: Address; value: bigint; nonce?: Hex | undefined }
/** What the chain did while one input was handled: blocks mined and every Transfer in them. */
export type ChainMove = { blocks: number; transfers: Movement[] }
/** The one movement a valid payment may cause. */
export type Expected = { token: string; from: string; to: string; value: bigint }

const transferEvent = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)')
const authorizationUsed = parseAbiItem('event AuthorizationUsed(address indexed authorizer, bytes32 indexed nonce)')

/** The latest block number, read from the node (never a cached value). */
export async function latestBlock(client: PublicClient): Promise<bigint> {
  return BigInt(await client.request({ method: 'eth_blockNumber' }))
}

/** The blocks mined after `since`, every Transfer event in them (any token) and the nonce each one's transaction used. */
export async function movesSince(client: PublicClient, since: bigint): Promise<ChainMove> {
  const now = await latestBlock(client)
  if (now <= since) return { blocks: 0, transfers: [] }
  const logs = await client.getLogs({ events: [transferEvent, authorizationUsed], fromBlock: since + 1n, toBlock: now })
  const nonces = new Map<string, Hex>()
  for (const l of logs) if (l.eventName === 'AuthorizationUsed' && l.args.nonce) nonces.set(l.transactionHash, l.args.nonce)
  const transfers = logs.flatMap((l) =>
    l.eventName === 'Transfer'
      ? [
          {
            token: l.address,
            from: l.args.from as Address,
            to: l.args.to as Address,
            value: l.args.value as bigint,
            nonce: nonces.get(l.transactionHash),
          },
        ]
      : [],
  )
  return { blocks: Number(now - since), transfers }
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/** True when the chain moved exactly `expected`, once, and nothing else. */
export function exactlyPaid(move: ChainMove, expected: Expected | undefined): boolean {
  const [t] = move.transfers
  if (expected === undefined || move.transfers.length !== 1 || t === undefined) return false
  return same(t.token, expected.token) && same(t.from, expected.from) && same(t.to, expected.to) && t.value === expected.value
}
