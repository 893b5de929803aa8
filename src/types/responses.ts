import { z } from 'zod'
import { NonEmptyString, OptionalOpenObject, OptionalString, Uint256String } from './primitives.js'

// The facilitator's answers, declared once. Loose on purpose (z.looseObject, not strictObject): a
// resource server passes a settle answer on as its receipt header, and an answer from a newer
// facilitator may carry members we do not know (`extensions`, future fields); stripping or refusing
// them would change the receipt. The per-version wire forms (VerifyResponseV1/V2, SettleResponseV1/V2)
// are projections of these shapes, and src/codecs/facilitatorAnswers.ts writes an answer for a version.

/** Members of a `/verify` answer; `invalidMessage` and `extensions` exist in v2 only. */
export const verifyResponseShape = {
  isValid: z.boolean(),
  invalidReason: OptionalString,
  invalidMessage: OptionalString,
  payer: OptionalString,
  extensions: OptionalOpenObject,
}

/** The body of a `/verify` answer, either version. */
export const VerifyResponse = z.looseObject(verifyResponseShape)
export type VerifyResponse = z.infer<typeof VerifyResponse>

/** Members of a `/settle` answer; `errorMessage`, `amount` and `extensions` exist in v2 only. */
export const settleResponseShape = {
  success: z.boolean(),
  errorReason: OptionalString,
  errorMessage: OptionalString,
  payer: OptionalString,
  /** The settlement transaction hash; "" when nothing was broadcast. */
  transaction: z.string(),
  /** A v1 network name or a CAIP-2 id (the v2 wire form requires CAIP-2). */
  network: NonEmptyString,
  amount: Uint256String.nullish(),
  extensions: OptionalOpenObject,
}

type Rule = [(r: { success: boolean; transaction: string }) => boolean, { path: string[]; message: string }]

/**
 * A successful settlement names its transaction (both versions; spec envelopes.settle.transaction). The
 * envelope does not carry the scheme, so it makes no exception for an `upto` settlement of 0 that sends
 * nothing (spec permit2.settle.upto-zero): the case that judges such an answer knows the scheme.
 */
export const namesTransaction: Rule = [
  (r) => !r.success || r.transaction.length > 0,
  { path: ['transaction'], message: 'a successful settlement names its transaction' },
]

/** The body of a `/settle` answer, either version; also the decoded receipt header. */
export const SettleResponse = z.looseObject(settleResponseShape).refine(...namesTransaction)
export type SettleResponse = z.infer<typeof SettleResponse>
