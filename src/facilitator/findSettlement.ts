import { getAbiItem, getAddress } from 'viem'
import type { Hex } from 'viem'
import type { FacilitatorContext } from './context.js'
import { eip3009Abi } from './evm.js'
import type { ExactPayment } from './evm.js'
import { checkTransfer } from './transfer.js'

/** The transaction that used an authorization, and why it did not pay the requirements (undefined: it did). */
export type FoundSettlement = { hash: Hex; problem: string | undefined }

/** How far back (in blocks) to look for the transaction that used an authorization; RPC nodes cap log ranges. */
export const settlementLookbackBlocks = 10_000n

const authorizationUsed = getAbiItem({ abi: eip3009Abi, name: 'AuthorizationUsed' })

/**
 * Finds the transaction that used the payment's authorization (the token's `AuthorizationUsed` log for
 * that payer and nonce, within {@link settlementLookbackBlocks}) and checks its `Transfer` events against
 * the requirements. `undefined` when no such transaction is found (a cancelled nonce, an older one) or
 * the chain cannot be asked: the caller then answers without a hash.
 *
 * @example
 * const found = await findSettlement(ctx, read.payment)
 * if (found) fail('invalid_exact_evm_nonce_already_used', `settled in ${found.hash}`, payer, found.hash)
 */
export async function findSettlement(ctx: FacilitatorContext, payment: ExactPayment): Promise<FoundSettlement | undefined> {
  const { requirements, authorization } = payment
  try {
    const token = getAddress(requirements.asset)
    const latest = await ctx.client.getBlockNumber({ cacheTime: 0 })
    const fromBlock = latest > settlementLookbackBlocks ? latest - settlementLookbackBlocks : 0n
    const logs = await ctx.client.getLogs({
      address: token,
      event: authorizationUsed,
      args: { authorizer: authorization.from, nonce: authorization.nonce },
      fromBlock,
      toBlock: latest,
    })
    const hash = logs.at(-1)?.transactionHash
    if (!hash) return undefined
    const receipt = await ctx.client.getTransactionReceipt({ hash })
    const expected = { token, from: authorization.from, to: getAddress(requirements.payTo), value: BigInt(requirements.amount) }
    return { hash, problem: receipt.status === 'success' ? checkTransfer(receipt.logs, expected) : 'the transaction reverted' }
  } catch (error) {
    ctx.log('settle.lookup-failed', { message: error instanceof Error ? error.message.split('\n')[0] : String(error) })
    return undefined
  }
}
