import { headers, safeDecodePaymentResponseHeader } from '../codecs/index.js'
import type { SettleResponse } from '../types/responses.js'

/** A settlement receipt with the protocol version it came in. */
export type Receipt = SettleResponse & { x402Version: 1 | 2 }

/**
 * The settlement receipt of a response (`PAYMENT-RESPONSE` for v2, `X-PAYMENT-RESPONSE` for v1),
 * or undefined when it has none or it cannot be decoded.
 *
 * @example
 * const receipt = getReceipt(await pay(url)); receipt?.success && receipt.transaction
 */
export function getReceipt(response: Response): Receipt | undefined {
  for (const [name, version] of [
    [headers.v2.paymentResponse, 2],
    [headers.v1.paymentResponse, 1],
  ] as const) {
    const value = response.headers.get(name)
    if (value === null) continue
    const decoded = safeDecodePaymentResponseHeader(value, version)
    if (decoded.success) return { ...decoded.data, x402Version: version }
  }
  return undefined
}
