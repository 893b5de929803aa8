import type { Hex } from 'viem'
import type { Reason } from '../errors/reasons.js'
import type { SettleResponse } from '../types/responses.js'
import type { FacilitatorContext } from './context.js'
import { AfterBroadcast } from './methods/types.js'
import type { SettleState } from './operations.js'
import type { FacilitatorRequest } from './requests.js'
import { settleFailure, settleSuccess } from './responses.js'
import type { FacilitatorSteps } from './steps.js'
import type { ExpectedTransfer } from './transfer.js'

/** How many pending broadcasts a facilitator remembers at most (a bound on memory, not on correctness). */
const maxUnconfirmed = 10_000

/** A broadcast settlement of any transfer method, as the method describes it. */
export type Broadcast = {
  /** The authorization's identity within its method (also the settle gate's key); undefined: not remembered. */
  readonly key: string | undefined
  /** The payment's signature: a repeated settle reports this broadcast only for the same signed authorization. */
  readonly signature: Hex
  readonly hash: Hex
  readonly payer: string
  /** What the transaction must move for the payment to count as settled. */
  readonly expected: ExpectedTransfer
  /** The method's reason for a transaction that reverted or did not move the payment. */
  readonly failed: Reason
}

/**
 * The transaction broadcast earlier for this authorization and answered `settlement_pending`, when the same
 * signed authorization is settled again (flows.pending.facilitator-outcome): its hash, or undefined.
 */
export function rememberedBroadcast(
  steps: FacilitatorSteps,
  state: SettleState,
  key: string | undefined,
  signature: Hex,
): Hex | undefined {
  const earlier = key === undefined ? undefined : steps.findUnconfirmed(state.unconfirmed, key)
  return earlier !== undefined && earlier.signature.toLowerCase() === signature.toLowerCase() ? earlier.hash : undefined
}

/**
 * Waits for a broadcast's receipt and answers the settlement: `settlement_pending` naming the transaction (and
 * remembering it, so that a repeated settle reports it instead of broadcasting again) when the receipt does not
 * arrive in time; a failure naming it when it reverted or did not move exactly the payment (Transfer events and
 * payTo's balance); success otherwise. A failure while waiting still names the transaction ({@link AfterBroadcast}).
 */
export async function confirmBroadcast(
  ctx: FacilitatorContext,
  steps: FacilitatorSteps,
  state: SettleState,
  request: FacilitatorRequest,
  b: Broadcast,
): Promise<SettleResponse> {
  const { hash, payer, key } = b
  const fail = (reason: Reason | 'settlement_pending', message: string) =>
    settleFailure(request.x402Version, reason, message, request.network, payer, hash)
  try {
    const receipt = await steps.waitForReceipt(ctx, hash)
    if (receipt === 'timeout') {
      if (key !== undefined && state.unconfirmed.size < maxUnconfirmed)
        state.unconfirmed.set(key, { hash, signature: b.signature })
      ctx.log('settle.timeout', { transaction: hash, payer })
      const waited = `not confirmed within ${ctx.receiptTimeoutMs} ms`
      return fail('settlement_pending', `transaction ${hash} was broadcast and ${waited}; settle again to learn its outcome`)
    }
    if (key !== undefined) state.unconfirmed.delete(key)
    if (receipt.status !== 'success') {
      ctx.log('settle.reverted', { transaction: hash, payer })
      return fail(b.failed, `transaction ${hash} reverted`)
    }
    const problem = steps.checkTransfer(receipt.logs, b.expected) ?? (await steps.checkPaid(ctx, receipt, b.expected))
    if (problem) {
      ctx.log('settle.no-transfer', { transaction: hash, payer, problem })
      return fail(b.failed, `transaction ${hash} did not transfer the payment: ${problem}`)
    }
    ctx.log('settle.confirmed', { transaction: hash, payer })
    return settleSuccess(request.x402Version, hash, request.network, payer, b.expected.value.toString())
  } catch (error) {
    throw new AfterBroadcast(hash, error)
  }
}
