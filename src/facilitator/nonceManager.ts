import type { Address, Hex, LocalAccount, PublicClient } from 'viem'

/** A transaction the facilitator broadcasts: everything but the nonce, which the sender assigns. */
export type OutgoingTransaction = {
  to: Address
  data: Hex
  gas: bigint
  maxFeePerGas: bigint
  maxPriorityFeePerGas: bigint
}

/** Assigns nonces locally and broadcasts; see {@link createTransactionSender}. */
export type TransactionSender = {
  /** Signs `tx` with the next nonce and broadcasts it; resolves to the transaction hash. */
  send(tx: OutgoingTransaction): Promise<Hex>
  /** The nonce the next transaction will get (undefined before the first send). */
  peek(): number | undefined
}

/**
 * A local transaction nonce manager: sends are serialised (nonce, sign, broadcast) so any number of
 * concurrent settlements get distinct consecutive nonces. A nonce is consumed only when the node
 * accepted the transaction; on "nonce too low" it re-reads the pending count and retries once.
 *
 * @example
 * const sender = createTransactionSender(publicClient, privateKeyToAccount(key), chainId)
 * const hash = await sender.send({ to, data, gas, maxFeePerGas, maxPriorityFeePerGas })
 */
export function createTransactionSender(client: PublicClient, account: LocalAccount, chainId: number): TransactionSender {
  let next: number | undefined
  let tail: Promise<unknown> = Promise.resolve()

  const sync = async () => {
    next = await client.getTransactionCount({ address: account.address, blockTag: 'pending' })
  }
  const attempt = async (tx: OutgoingTransaction): Promise<Hex> => {
    if (next === undefined) await sync()
    const nonce = next as number
    const raw = await account.signTransaction({ ...tx, nonce, chainId, type: 'eip1559', value: 0n })
    const hash = await client.sendRawTransaction({ serializedTransaction: raw })
    next = nonce + 1
    return hash
  }
  const sendNow = async (tx: OutgoingTransaction): Promise<Hex> => {
    try {
      return await attempt(tx)
    } catch (error) {
      if (!isNonceError(error)) throw error
      await sync()
      return attempt(tx)
    }
  }
  return {
    send(tx) {
      const job = tail.then(() => sendNow(tx))
      tail = job.catch(() => undefined)
      return job
    },
    peek: () => next,
  }
}

function isNonceError(error: unknown): boolean {
  const text = `${(error as { details?: string })?.details ?? ''} ${(error as Error)?.message ?? ''}`.toLowerCase()
  return text.includes('nonce too low')
}
