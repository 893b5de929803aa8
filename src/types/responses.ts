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

type Rule = [
  (r: { success: boolean; transaction: string; amount?: string | null | undefined }) => boolean,
  { path: string[]; message: string },
]

/**
 * A successful settlement names its transaction (spec envelopes.settle.transaction), unless it charged
 * nothing: a success of amount "0" sends no transaction (an `upto` settlement of 0, spec
 * permit2.settle.upto-zero, answered so by the upstream facilitator). The envelope does not carry the
 * scheme; an `exact` success of "0" without a transaction is caught where the scheme is known (the ledger).
 */
export const namesTransaction: Rule = [
  (r) => !r.success || r.transaction.length > 0 || r.amount === '0',
  { path: ['transaction'], message: 'a successful settlement names its transaction (unless it charged "0")' },
]

/** v1 has no `amount`: every success names its transaction. */
export const namesTransactionV1: Rule = [
  (r) => !r.success || r.transaction.length > 0,
  { path: ['transaction'], message: 'a successful settlement names its transaction' },
]

/** The body of a `/settle` answer, either version; also the decoded receipt header. */
export const SettleResponse = z.looseObject(settleResponseShape).refine(...namesTransaction)
export type SettleResponse = z.infer<typeof SettleResponse>
