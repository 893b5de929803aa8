import type { SettleResponse } from '../types/responses.js'
import { SettleResponseV1 } from '../types/v1.js'
import { SettleResponseV2 } from '../types/v2.js'
import { decodeBase64Strict, decodeJsonBytes } from './base64Json.js'
import { encodeHeaderWith, parseEnvelope, safely, type SafeDecodeResult } from './envelopeCodec.js'
import { headers } from './headers.js'

const clause = 'http.payment-response.header-encoding'

/** Whether a settlement response is the v2 form (its network is CAIP-2). */
function isV2(json: unknown): boolean {
  const network = typeof json === 'object' && json !== null ? (json as { network?: unknown }).network : undefined
  return typeof network === 'string' && network.includes(':')
}

/**
 * Encodes a settlement response for `X-PAYMENT-RESPONSE` (v1) or `PAYMENT-RESPONSE` (v2). Settlement
 * responses carry no version; pass it, or it is inferred from the network (CAIP-2 → v2).
 */
export function encodePaymentResponseHeader(response: SettleResponse, version?: 1 | 2): string {
  const v = version ?? (isV2(response) ? 2 : 1)
  return encodeHeaderWith(
    v === 1 ? SettleResponseV1 : SettleResponseV2,
    response,
    `${v === 1 ? headers.v1.paymentResponse : headers.v2.paymentResponse} header`,
  )
}

/**
 * Decodes an `X-PAYMENT-RESPONSE` (version 1) or `PAYMENT-RESPONSE` (version 2) value; without a
 * version, a CAIP-2 network means v2. Throws `HeaderDecodeError`.
 */
export function decodePaymentResponseHeader(value: string, version: 1): SettleResponseV1
export function decodePaymentResponseHeader(value: string, version: 2): SettleResponseV2
export function decodePaymentResponseHeader(value: string, version?: 1 | 2): SettleResponseV1 | SettleResponseV2
export function decodePaymentResponseHeader(value: string, version?: 1 | 2): SettleResponseV1 | SettleResponseV2 {
  const what =
    version === 1
      ? `${headers.v1.paymentResponse} header`
      : version === 2
        ? `${headers.v2.paymentResponse} header`
        : 'payment response header'
  const json = decodeJsonBytes(decodeBase64Strict(value, what), what)
  const v = version ?? (isV2(json) ? 2 : 1)
  return v === 1 ? parseEnvelope(SettleResponseV1, json, what, clause) : parseEnvelope(SettleResponseV2, json, what, clause)
}

/** Like {@link decodePaymentResponseHeader}, returning the error instead of throwing it. */
export function safeDecodePaymentResponseHeader(
  value: string,
  version?: 1 | 2,
): SafeDecodeResult<SettleResponseV1 | SettleResponseV2> {
  return safely(() => decodePaymentResponseHeader(value, version))
}
