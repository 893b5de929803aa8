import { z } from 'zod'
import { NonEmptyString, OpenObject, OptionalOpenObject, OptionalString, TimeoutSeconds, Uint256String } from './primitives.js'
import { namesTransactionV1, settleResponseShape, VerifyResponse } from './responses.js'
import { supportedKindOf, verifyRequestOf } from './versioned.js'

/** v1 PaymentRequirements: one way a resource may be paid. Open (unknown keys kept). */
export const PaymentRequirementsV1 = z.looseObject({
  scheme: NonEmptyString,
  network: NonEmptyString,
  maxAmountRequired: Uint256String,
  resource: NonEmptyString,
  description: z.string(),
  mimeType: OptionalString,
  outputSchema: OptionalOpenObject,
  payTo: NonEmptyString,
  maxTimeoutSeconds: TimeoutSeconds,
  asset: NonEmptyString,
  extra: OptionalOpenObject,
})
export type PaymentRequirementsV1 = z.infer<typeof PaymentRequirementsV1>

/** v1 402 response body. */
export const PaymentRequiredV1 = z.looseObject({
  x402Version: z.literal(1),
  error: OptionalString,
  accepts: z.array(PaymentRequirementsV1).min(1),
})
export type PaymentRequiredV1 = z.infer<typeof PaymentRequiredV1>

/** v1 PaymentPayload (the decoded `X-PAYMENT` header). */
export const PaymentPayloadV1 = z.looseObject({
  x402Version: z.literal(1),
  scheme: NonEmptyString,
  network: NonEmptyString,
  payload: OpenObject,
})
export type PaymentPayloadV1 = z.infer<typeof PaymentPayloadV1>

/** v1 body of `POST /verify` and `POST /settle`. */
export const VerifyRequestV1 = verifyRequestOf(1, PaymentPayloadV1, PaymentRequirementsV1)
export type VerifyRequestV1 = z.infer<typeof VerifyRequestV1>

/** v1 answer of `POST /verify`: {@link VerifyResponse} without the v2-only members. */
export const VerifyResponseV1 = VerifyResponse.pick({ isValid: true, invalidReason: true, payer: true })
export type VerifyResponseV1 = z.infer<typeof VerifyResponseV1>

/** v1 answer of `POST /settle`, also the decoded `X-PAYMENT-RESPONSE` header: {@link SettleResponse} without the v2-only members. */
export const SettleResponseV1 = z
  .looseObject(settleResponseShape)
  .omit({ errorMessage: true, amount: true, extensions: true })
  .refine(...namesTransactionV1)
export type SettleResponseV1 = z.infer<typeof SettleResponseV1>

/** One kind in a v1 `GET /supported` answer. */
export const SupportedKindV1 = supportedKindOf(1, NonEmptyString)
export type SupportedKindV1 = z.infer<typeof SupportedKindV1>

/** v1 answer of `GET /supported`. */
export const SupportedResponseV1 = z.looseObject({
  kinds: z.array(SupportedKindV1),
})
export type SupportedResponseV1 = z.infer<typeof SupportedResponseV1>
