import { PaymentRequiredV1 } from '../types/v1.js'
import { PaymentRequiredV2 } from '../types/v2.js'
import { parseJsonText } from './base64Json.js'
import { EnvelopeEncodeError, HeaderDecodeError } from './HeaderDecodeError.js'
import { decodeHeaderWith, encodeHeaderWith, parseEnvelope, safely, type SafeDecodeResult } from './envelopeCodec.js'
import { maxBodyBytes } from './headers.js'
import { omitNullMembers } from './omitNullMembers.js'
import { zodIssues } from './zodIssues.js'

/** Encodes a v2 challenge for the `PAYMENT-REQUIRED` header. Throws `EnvelopeEncodeError` on an invalid value. */
export function encodePaymentRequiredHeader(paymentRequired: PaymentRequiredV2): string {
  return encodeHeaderWith(PaymentRequiredV2, paymentRequired, 'PAYMENT-REQUIRED header')
}

/** Decodes a `PAYMENT-REQUIRED` header value. Throws `HeaderDecodeError`. */
export function decodePaymentRequiredHeader(value: string): PaymentRequiredV2 {
  return decodeHeaderWith(PaymentRequiredV2, value, 'PAYMENT-REQUIRED header', 'http.v2.challenge.header')
}

/** Like {@link decodePaymentRequiredHeader}, returning the error instead of throwing it. */
export function safeDecodePaymentRequiredHeader(value: string): SafeDecodeResult<PaymentRequiredV2> {
  return safely(() => decodePaymentRequiredHeader(value))
}

/**
 * Serializes a v1 challenge as the JSON body of a 402 response, without `null` optional members.
 * Throws `EnvelopeEncodeError` on an invalid value.
 */
export function encodePaymentRequiredV1Body(paymentRequired: PaymentRequiredV1): string {
  const clean = omitNullMembers(paymentRequired)
  const result = PaymentRequiredV1.safeParse(clean)
  if (!result.success) throw new EnvelopeEncodeError({ what: 'v1 402 body', issues: zodIssues(result.error) })
  return JSON.stringify(clean)
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Decodes the JSON body of a v1 402 response (text or raw bytes). Throws `HeaderDecodeError`. */
export function decodePaymentRequiredV1Body(body: string | Uint8Array): PaymentRequiredV1 {
  const what = 'v1 402 body'
  const size = typeof body === 'string' ? new TextEncoder().encode(body).byteLength : body.byteLength
  if (size > maxBodyBytes) {
    throw new HeaderDecodeError({
      code: 'size',
      what,
      issues: [{ pointer: '', message: `${size} bytes, more than the limit of ${maxBodyBytes}` }],
    })
  }
  let text: string
  if (typeof body === 'string') text = body
  else {
    try {
      text = utf8.decode(body)
    } catch {
      throw new HeaderDecodeError({ code: 'utf8', what, issues: [{ pointer: '', message: 'the body is not valid UTF-8' }] })
    }
  }
  return parseEnvelope(PaymentRequiredV1, parseJsonText(text, what), what, 'http.v1.challenge.body')
}

/** Like {@link decodePaymentRequiredV1Body}, returning the error instead of throwing it. */
export function safeDecodePaymentRequiredV1Body(body: string | Uint8Array): SafeDecodeResult<PaymentRequiredV1> {
  return safely(() => decodePaymentRequiredV1Body(body))
}
