import { decodePaymentPayloadHeader } from '../codecs/index.js'
import type { PaymentPayloadV1 } from '../types/v1.js'
import type { PaymentPayloadV2 } from '../types/v2.js'
import type { SettleResponse, VerifyResponse } from '../types/responses.js'
import type { FacilitatorReply } from './facilitatorClient.js'
import type { PendingSettlement, PendingStore } from './pendingStore.js'
import type { SettleOutcome } from './settlement.js'
import { paymentRequired } from './challenge.js'
import { checkResourceV2, matchAcceptedV2, matchPaymentV1 } from './match.js'
import { findRoute } from './routes.js'
import { guardPaymentIds } from './paymentIdGuard.js'
import { uptoCharge } from './upto.js'

/**
 * The paywall is composed of these small functions; each check lives in exactly one. A test builds
 * a variant (e.g. a server that settles even when the handler failed) by replacing one:
 * `createPaywall({ ..., steps: { shouldSettle: () => true } })`.
 */
export type PaywallSteps = {
  /** The paid route a request hits (method and normalised path), or undefined when free. */
  findRoute: typeof findRoute
  /** Decodes a payment header strictly; throws `HeaderDecodeError` with the problem. */
  decodePayment(value: string, version: 1 | 2): PaymentPayloadV1 | PaymentPayloadV2
  /** v2: the offered requirement `accepted` equals, or a refusal. */
  matchAcceptedV2: typeof matchAcceptedV2
  /** v1: the offered requirement the payment is for, or a refusal. */
  matchPaymentV1: typeof matchPaymentV1
  /** v2: refuses a payment made for another resource. */
  checkResourceV2: typeof checkResourceV2
  /** Did the facilitator say the payment is valid? */
  isVerified(reply: FacilitatorReply<VerifyResponse> & { ok: true }): boolean
  /** Settle after this handler response? (only for a status below 400) */
  shouldSettle(response: Response): boolean
  /** Did the facilitator settle? */
  isSettled(reply: FacilitatorReply<SettleResponse> & { ok: true }): boolean
  /** Did the facilitator answer `settlement_pending` (with or without a hash: it may still charge, never a 402)? */
  isPending(reply: FacilitatorReply<SettleResponse> & { ok: true }): boolean
  /** Settle a pending answer once more (the single retry)? */
  retryPending(): boolean
  /** The pending settlement recorded for a payment, if any. */
  findPending(store: PendingStore, key: string): Promise<PendingSettlement | undefined>
  /** An `upfront` route: may the handler run, and its answer leave, after this settlement outcome? */
  upfrontServes(outcome: SettleOutcome): boolean
  /** The 402 with the challenge (414 when the URL is too long for one). */
  paymentRequired: typeof paymentRequired
  /** The payment-identifier extension around the paywall (400, 409, the remembered answer). */
  guardPaymentIds: typeof guardPaymentIds
  /** An `upto` route: the amount to settle after the handler's answer, at most the authorized maximum. */
  uptoCharge: typeof uptoCharge
}

/** The reference behaviour of every step. */
export const defaultPaywallSteps: PaywallSteps = {
  findRoute,
  decodePayment: (value, version) => decodePaymentPayloadHeader(value, version),
  matchAcceptedV2,
  matchPaymentV1,
  checkResourceV2,
  isVerified: (reply) => reply.status === 200 && reply.body.isValid === true,
  shouldSettle: (response) => response.status < 400,
  isSettled: (reply) => reply.status === 200 && reply.body.success === true,
  // with or without a transaction hash: a facilitator that says pending may still charge (never a 402)
  isPending: (reply) => reply.body.success !== true && reply.body.errorReason === 'settlement_pending',
  retryPending: () => true,
  findPending: (store, key) => store.get(key),
  upfrontServes: (outcome) => outcome.kind === 'settled',
  paymentRequired,
  guardPaymentIds,
  uptoCharge,
}
