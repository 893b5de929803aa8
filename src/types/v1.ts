import { z } from 'zod'
import { NonEmptyString, OpenObject, Seconds, Uint256String } from './primitives.js'

/** v1 PaymentRequirements: one way a resource may be paid. */
export const PaymentRequirementsV1 = z.looseObject({
  scheme: NonEmptyString,
  network: NonEmptyString,
  maxAmountRequired: Uint256String,
  resource: NonEmptyString,
  description: z.string(),
  mimeType: z.string(),
  outputSchema: OpenObject.nullable().optional(),
  payTo: NonEmptyString,
  maxTimeoutSeconds: Seconds,
  asset: NonEmptyString,
  extra: OpenObject.nullable().optional(),
})
export type PaymentRequirementsV1 = z.infer<typeof PaymentRequirementsV1>

/** v1 402 response body. */
export const PaymentRequiredV1 = z.looseObject({
  x402Version: z.literal(1),
  error: z.string().optional(),
  accepts: z.array(PaymentRequirementsV1),
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
export const VerifyRequestV1 = z.looseObject({
  x402Version: z.literal(1),
  paymentPayload: PaymentPayloadV1,
  paymentRequirements: PaymentRequirementsV1,
})
export type VerifyRequestV1 = z.infer<typeof VerifyRequestV1>

/** v1 answer of `POST /verify`. */
export const VerifyResponseV1 = z.looseObject({
  isValid: z.boolean(),
  invalidReason: z.string().optional(),
  payer: z.string().optional(),
})
export type VerifyResponseV1 = z.infer<typeof VerifyResponseV1>

/** v1 answer of `POST /settle`, also the decoded `X-PAYMENT-RESPONSE` header. */
export const SettleResponseV1 = z.looseObject({
  success: z.boolean(),
  errorReason: z.string().optional(),
  payer: z.string().optional(),
  transaction: z.string(),
  network: NonEmptyString,
})
export type SettleResponseV1 = z.infer<typeof SettleResponseV1>

/** One kind in a v1 `GET /supported` answer. */
export const SupportedKindV1 = z.looseObject({
  x402Version: z.literal(1),
  scheme: NonEmptyString,
  network: NonEmptyString,
  extra: OpenObject.optional(),
})

/** v1 answer of `GET /supported`. */
export const SupportedResponseV1 = z.looseObject({
  kinds: z.array(SupportedKindV1),
})
export type SupportedResponseV1 = z.infer<typeof SupportedResponseV1>

