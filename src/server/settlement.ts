import { categoryOf } from '../errors/reasons.js'
import type { SettleResponse } from '../types/responses.js'
import type { FacilitatorClient, FacilitatorReply } from './facilitatorClient.js'
import type { PendingSettlement } from './pendingStore.js'
import type { PaywallSteps } from './steps.js'

/** How a settlement ended, as the paywall answers it. */
export type SettleOutcome =
  /** Confirmed: serve, with this receipt. */
  | { kind: 'settled'; receipt: SettleResponse }
  /** Not confirmed even after the retry: 503, do not pay again (a record of a named transaction finishes it later). */
  | { kind: 'pending'; receipt: SettleResponse }
  /** Refused for good: nothing was charged, 402. */
  | { kind: 'refused'; receipt: SettleResponse }
  /** No usable answer: 5xx, do not pay again. */
  | { kind: 'unknown'; reply: FacilitatorReply<unknown> & { ok: false } }

/** What {@link settleWithRetry} needs. */
export type SettleWithRetryParameters = {
  facilitator: FacilitatorClient
  steps: Pick<PaywallSteps, 'isSettled' | 'isPending' | 'retryPending'>
  /** Wait before the single retry of a pending settlement, in ms. */
  retryDelayMs: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Settles, and when the facilitator answers `settlement_pending`, settles the same request once more after
 * `retryDelayMs`: the facilitator reports that transaction's outcome and broadcasts nothing new. Exactly one
 * retry, whatever it answers.
 */
export async function settleWithRetry(parameters: SettleWithRetryParameters, body: unknown): Promise<SettleOutcome> {
  const { facilitator, steps, retryDelayMs } = parameters
  let reply = await facilitator.settle(body)
  if (reply.ok && steps.isPending(reply) && steps.retryPending()) {
    await sleep(retryDelayMs)
    reply = await facilitator.settle(body)
  }
  if (!reply.ok) return { kind: 'unknown', reply }
  if (steps.isSettled(reply)) return { kind: 'settled', receipt: reply.body }
  if (steps.isPending(reply)) return { kind: 'pending', receipt: reply.body }
  return { kind: 'refused', receipt: reply.body }
}

/**
 * A settlement of a recorded pending payment that is finished: confirmed, or refused because the recorded
 * transaction itself used the authorization (it was broadcast for exactly this payment, so it paid). The
 * receipt to serve with, or undefined.
 */
export function finishedReceipt(outcome: SettleOutcome, record: PendingSettlement): SettleResponse | undefined {
  if (outcome.kind === 'settled') return outcome.receipt
  if (outcome.kind !== 'refused') return undefined
  const { receipt } = outcome
  if (categoryOf(receipt.errorReason ?? '') !== 'nonce_used') return undefined
  if (receipt.transaction?.toLowerCase() !== record.transaction.toLowerCase()) return undefined
  return {
    success: true,
    transaction: record.transaction,
    network: record.network,
    ...(record.payer === undefined ? {} : { payer: record.payer }),
  } as SettleResponse
}
