import { paymentIdentifierKey as key } from '../types/extensions.js'

/** A fresh payment identifier: `pay_` and 32 hex digits from the platform's cryptographic random source. */
export function newPaymentId(): string {
  return `pay_${globalThis.crypto.randomUUID().replaceAll('-', '')}`
}

/**
 * The extensions a v2 payment echoes, with `id` added to a `payment-identifier` the challenge announced
 * (unchanged when it announced none).
 *
 * @example
 * payment.extensions = withPaymentId(challenge.extensions, newPaymentId())
 */
export function withPaymentId(extensions: Record<string, unknown>, id: string): Record<string, unknown> {
  const declared = extensions[key]
  if (typeof declared !== 'object' || declared === null) return extensions
  const info = (declared as { info?: unknown }).info
  const base = typeof info === 'object' && info !== null ? info : { required: false }
  return { ...extensions, [key]: { ...declared, info: { ...base, id } } }
}
