import { z } from 'zod'
import { Caip2, NonEmptyString, OpenObject, Seconds, Uint256String } from './primitives.js'

/** v2 ResourceInfo: the protected resource a payment is for. */
export const ResourceInfo = z.looseObject({
  url: NonEmptyString,
  description: z.string().optional(),
  mimeType: z.string().optional(),
})
export type ResourceInfo = z.infer<typeof ResourceInfo>

/** v2 PaymentRequirements: one way a resource may be paid. */
export const PaymentRequirementsV2 = z.looseObject({
  scheme: NonEmptyString,
  network: Caip2,
  amount: Uint256String,
  asset: NonEmptyString,
  payTo: NonEmptyString,
  maxTimeoutSeconds: Seconds,
  extra: OpenObject.optional(),
})
export type PaymentRequirementsV2 = z.infer<typeof PaymentRequirementsV2>

/** v2 PaymentRequired (the decoded `PAYMENT-REQUIRED` header). */
export const PaymentRequiredV2 = z.looseObject({
  x402Version: z.literal(2),
  error: z.string().optional(),
  resource: ResourceInfo,
  accepts: z.array(PaymentRequirementsV2),
  extensions: OpenObject.optional(),
})
export type PaymentRequiredV2 = z.infer<typeof PaymentRequiredV2>

/** v2 PaymentPayload (the decoded `PAYMENT-SIGNATURE` header). */
export const PaymentPayloadV2 = z.looseObject({
  x402Version: z.literal(2),
  resource: ResourceInfo.optional(),
  accepted: PaymentRequirementsV2,
  payload: OpenObject,
  extensions: OpenObject.optional(),
})
export type PaymentPayloadV2 = z.infer<typeof PaymentPayloadV2>

/** v2 body of `POST /verify` and `POST /settle`. */
export const VerifyRequestV2 = z.looseObject({
  x402Version: z.literal(2),
  paymentPayload: PaymentPayloadV2,
  paymentRequirements: PaymentRequirementsV2,
})
export type VerifyRequestV2 = z.infer<typeof VerifyRequestV2>

/** v2 answer of `POST /verify`. */
export const VerifyResponseV2 = z.looseObject({
  isValid: z.boolean(),
  invalidReason: z.string().optional(),
  invalidMessage: z.string().optional(),
  payer: z.string().optional(),
})
export type VerifyResponseV2 = z.infer<typeof VerifyResponseV2>

/** v2 answer of `POST /settle`, also the decoded `PAYMENT-RESPONSE` header. */
export const SettleResponseV2 = z.looseObject({
  success: z.boolean(),
  errorReason: z.string().optional(),
  errorMessage: z.string().optional(),
  payer: z.string().optional(),
  transaction: z.string(),
  network: Caip2,
  amount: Uint256String.optional(),
  extensions: OpenObject.optional(),
})
export type SettleResponseV2 = z.infer<typeof SettleResponseV2>

/** One kind in a v2 `GET /supported` answer. */
export const SupportedKind = z.looseObject({
  x402Version: z.union([z.literal(1), z.literal(2)]),
  scheme: NonEmptyString,
  network: NonEmptyString,
  extra: OpenObject.optional(),
})
export type SupportedKind = z.infer<typeof SupportedKind>

/** v2 answer of `GET /supported`. */
export const SupportedResponseV2 = z.looseObject({
  kinds: z.array(SupportedKind),
  extensions: z.array(z.string()).optional(),
  signers: z.record(z.string(), z.array(z.string())).optional(),
})
export type SupportedResponseV2 = z.infer<typeof SupportedResponseV2>
