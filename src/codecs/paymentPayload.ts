import { z } from 'zod'
import { PaymentPayloadV1 } from '../types/v1.js'
import { PaymentPayloadV2 } from '../types/v2.js'
import { decodeBase64Strict, decodeJsonBytes } from './base64Json.js'
import { encodeHeaderWith, parseEnvelope, safely, type SafeDecodeResult } from './envelopeCodec.js'
import { headers } from './headers.js'

const PaymentPayload = z.discriminatedUnion('x402Version', [PaymentPayloadV1, PaymentPayloadV2])
const clause = 'http.payment.header-encoding'

/**
 * Encodes a payment payload for its header (`X-PAYMENT` for v1, `PAYMENT-SIGNATURE` for v2; the
 * version comes from the object). Throws `EnvelopeEncodeError` when the value is not a valid payload.
 */
export function encodePaymentPayloadHeader(payload: PaymentPayloadV1 | PaymentPayloadV2): string {
  return encodeHeaderWith(
    payload.x402Version === 1 ? PaymentPayloadV1 : PaymentPayloadV2,
    payload,
    paymentHeaderName(payload.x402Version),
  )
}

/** The header a payment of this version travels in. */
export function paymentHeaderName(version: 1 | 2): string {
  return version === 1 ? headers.v1.payment : headers.v2.paymentSignature
}

/**
 * Decodes an `X-PAYMENT` or `PAYMENT-SIGNATURE` value. With `version`, only that version is
 * accepted; without, the version is read from the payload. Throws `HeaderDecodeError`.
 */
export function decodePaymentPayloadHeader(value: string, version: 1): PaymentPayloadV1
export function decodePaymentPayloadHeader(value: string, version: 2): PaymentPayloadV2
export function decodePaymentPayloadHeader(value: string, version?: 1 | 2): PaymentPayloadV1 | PaymentPayloadV2
export function decodePaymentPayloadHeader(value: string, version?: 1 | 2): PaymentPayloadV1 | PaymentPayloadV2 {
  const what = version === undefined ? 'payment header' : `${paymentHeaderName(version)} header`
  const json = decodeJsonBytes(decodeBase64Strict(value, what), what)
  if (version === 1) return parseEnvelope(PaymentPayloadV1, json, what, clause)
  if (version === 2) return parseEnvelope(PaymentPayloadV2, json, what, clause)
  return parseEnvelope(PaymentPayload, json, what, clause)
}

/** Like {@link decodePaymentPayloadHeader}, returning the error instead of throwing it. */
export function safeDecodePaymentPayloadHeader(
  value: string,
  version?: 1 | 2,
): SafeDecodeResult<PaymentPayloadV1 | PaymentPayloadV2> {
  return safely(() => decodePaymentPayloadHeader(value, version))
}
