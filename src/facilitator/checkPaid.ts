import { erc20Abi, isAddressEqual } from 'viem'
import type { TransactionReceipt } from 'viem'
import type { FacilitatorContext } from './context.js'
import type { ExpectedTransfer } from './transfer.js'

/**
 * Checks a settlement by balances, not by what the token said: `payTo`'s balance of the token rose by at least
 * the amount in the receipt's block (a token can emit a `Transfer` and move nothing). Returns a problem, or
 * undefined when paid. A balance the node cannot read at those blocks is logged and not held against the
 * settlement (the Transfer check already passed). A payment to the payer itself moves no balance, and a receipt
 * without a block number names no block: neither is checked.
 */
export async function checkPaid(
  ctx: FacilitatorContext,
  receipt: Pick<TransactionReceipt, 'blockNumber' | 'transactionHash'>,
  expected: ExpectedTransfer,
): Promise<string | undefined> {
  const block = receipt.blockNumber
  if (isAddressEqual(expected.from, expected.to) || typeof block !== 'bigint' || block === 0n) return undefined
  const balance = (blockNumber: bigint) =>
    ctx.client.readContract({
      address: expected.token,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [expected.to],
      blockNumber,
    })
  let rise: bigint
  try {
    const [before, after] = await Promise.all([balance(block - 1n), balance(block)])
    rise = after - before
  } catch (error) {
    ctx.log('settle.balance-unread', { transaction: receipt.transactionHash, problem: (error as Error).message.split('\n')[0] })
    return undefined
  }
  if (rise >= expected.value) return undefined
  return `payTo's balance rose by ${rise} in block ${block}, expected at least ${expected.value}`
}
