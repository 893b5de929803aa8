import { encodeBase64Json, encodePaymentResponseHeader, headers } from '../codecs/index.js'
import type { SettleResponse } from '../types/responses.js'
import { exposedHeaders, json } from './challenge.js'
import type { FacilitatorReply } from './facilitatorClient.js'

/** Seconds a client is told to wait before sending the same payment again after a 503 (spec/09-flows.md). */
export const defaultRetryAfterSeconds = 5

/** The receipt header of a protocol version. */
export function receiptHeader(v: 1 | 2): string {
  return v === 1 ? headers.v1.paymentResponse : headers.v2.paymentResponse
}

/** The receipt header value; a facilitator answer outside the schema is still passed on, as base64 JSON. */
export function encodeReceipt(reply: SettleResponse, v: 1 | 2): string {
  try {
    return encodePaymentResponseHeader(reply, v)
  } catch {
    return encodeBase64Json(reply)
  }
}

/**
 * The facilitator failed: 502 for a wrong answer, 503 when it did not answer in time or at all. Never
 * 402: after a settle was sent the payment may have moved, and a 402 would invite a second payment.
 */
export function failClosed(reply: FacilitatorReply<unknown> & { ok: false }, settling = false, retryAfter?: number): Response {
  const status = reply.kind === 'garbage' ? 502 : 503
  if (settling) return settlementUnknown(reply.message, {}, status, retryAfter)
  return json(status, { error: `payment could not be processed: ${reply.message}` }, { 'cache-control': 'no-store' })
}

/**
 * The settlement's outcome is unknown: 5xx, and the client is told not to pay again. A 503 says when to send
 * the same payment again (`Retry-After`, seconds).
 */
export function settlementUnknown(why: string, extra: Record<string, string> = {}, status = 503, retryAfter?: number): Response {
  const error = `the payment's settlement is not confirmed (${why}); do not pay again: it may still be charged`
  const h: Record<string, string> = { 'cache-control': 'no-store', 'access-control-expose-headers': exposedHeaders, ...extra }
  if (status === 503) h['retry-after'] = String(retryAfter ?? defaultRetryAfterSeconds)
  return json(status, { error, settlement: 'unknown' }, h)
}

/** A paid answer is the payer's alone: shared caches must not store it (the handler's own directives are kept). */
export function privateCacheControl(handler: string | null): string {
  if (handler === null || handler.trim() === '') return 'private, no-store'
  if (/\b(private|no-store)\b/i.test(handler)) return handler
  return `private, ${handler
    .replace(/\bpublic\b\s*,?\s*/i, '')
    .replace(/\bs-maxage=\d+\s*,?\s*/i, '')
    .trim()}`.replace(/,\s*$/, '')
}

/** A copy of `response` with headers added (a handler's Response may have immutable headers). */
export function withHeaders(response: Response, extra: Record<string, string>): Response {
  const h = new Headers(response.headers)
  for (const [k, v] of Object.entries(extra)) h.set(k, v)
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: h })
}

/** The handler's answer with the settlement's receipt, private to the payer. */
export function withReceipt(response: Response, receipt: SettleResponse, v: 1 | 2): Response {
  return withHeaders(response, {
    [receiptHeader(v)]: encodeReceipt(receipt, v),
    'access-control-expose-headers': exposedHeaders,
    'cache-control': privateCacheControl(response.headers.get('cache-control')),
  })
}
