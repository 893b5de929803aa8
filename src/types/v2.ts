import { z } from 'zod'
import {
  Caip2,
  NonEmptyString,
  OpenObject,
  OptionalOpenObject,
  OptionalString,
  TimeoutSeconds,
  Uint256String,
} from './primitives.js'
import { namesTransaction, settleResponseShape, VerifyResponse } from './responses.js'
import { SupportedKindV1 } from './v1.js'
import { supportedKindOf, verifyRequestOf } from './versioned.js'

/** v2 ResourceInfo: the protected resource a payment is for. */
export const ResourceInfo = z.looseObject({
  url: NonEmptyString,
  description: OptionalString,
  mimeType: OptionalString,
})
export type ResourceInfo = z.infer<typeof ResourceInfo>

/** v2 PaymentRequirements: one way a resource may be paid. Open (unknown keys kept). */
export const PaymentRequirementsV2 = z.looseObject({
  scheme: NonEmptyString,
  network: Caip2,
  amount: Uint256String,
  asset: NonEmptyString,
  payTo: NonEmptyString,
  maxTimeoutSeconds: TimeoutSeconds,
  extra: OptionalOpenObject,
})
export type PaymentRequirementsV2 = z.infer<typeof PaymentRequirementsV2>

/** v2 PaymentRequired (the decoded `PAYMENT-REQUIRED` header). */
export const PaymentRequiredV2 = z.looseObject({
  x402Version: z.literal(2),
  error: OptionalString,
  resource: ResourceInfo,
  accepts: z.array(PaymentRequirementsV2).min(1),
  extensions: OptionalOpenObject,
})
export type PaymentRequiredV2 = z.infer<typeof PaymentRequiredV2>

/** v2 PaymentPayload (the decoded `PAYMENT-SIGNATURE` header). */
export const PaymentPayloadV2 = z.looseObject({
  x402Version: z.literal(2),
  resource: ResourceInfo.nullish(),
  accepted: PaymentRequirementsV2,
  payload: OpenObject,
  extensions: OptionalOpenObject,
})
export type PaymentPayloadV2 = z.infer<typeof PaymentPayloadV2>

/** v2 body of `POST /verify` and `POST /settle`. */
export const VerifyRequestV2 = verifyRequestOf(2, PaymentPayloadV2, PaymentRequirementsV2)
export type VerifyRequestV2 = z.infer<typeof VerifyRequestV2>

/** v2 answer of `POST /verify`: every member of {@link VerifyResponse}. */
export const VerifyResponseV2 = VerifyResponse
export type VerifyResponseV2 = z.infer<typeof VerifyResponseV2>

/** v2 answer of `POST /settle`, also the decoded `PAYMENT-RESPONSE` header: {@link SettleResponse} on a CAIP-2 network. */
export const SettleResponseV2 = z.looseObject({ ...settleResponseShape, network: Caip2 }).refine(...namesTransaction)
export type SettleResponseV2 = z.infer<typeof SettleResponseV2>

/** A v2 kind in a `GET /supported` answer (CAIP-2 network). */
export const SupportedKindV2 = supportedKindOf(2, Caip2)
export type SupportedKindV2 = z.infer<typeof SupportedKindV2>

/** One kind in a v2 `GET /supported` answer: a v2 kind, or a v1 kind listed beside it. */
export const SupportedKind = z.discriminatedUnion('x402Version', [SupportedKindV1, SupportedKindV2])
export type SupportedKind = z.infer<typeof SupportedKind>

/** v2 answer of `GET /supported`. */
export const SupportedResponseV2 = z.looseObject({
  kinds: z.array(SupportedKind),
  extensions: z.array(z.string()).optional(),
  signers: z.record(z.string(), z.array(z.string())).optional(),
})
export type SupportedResponseV2 = z.infer<typeof SupportedResponseV2>
