import type { PaymentPayloadV1, PaymentRequirementsV1 } from '../types/v1.js'
import type { PaymentPayloadV2, PaymentRequirementsV2 } from '../types/v2.js'
import { acceptedMatches } from '../codecs/acceptedMatches.js'
import { normalizePath } from './paths.js'

/** Why a payment is refused before it reaches the facilitator. */
export type Refusal = { refused: true; message: string }

const sameAddress = (a: unknown, b: unknown) =>
  typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase()

/** The offered v2 requirement a payment's `accepted` names (see {@link acceptedMatches}). */
export function matchAcceptedV2(
  offers: readonly PaymentRequirementsV2[],
  payment: PaymentPayloadV2,
): PaymentRequirementsV2 | Refusal {
  const found = offers.find((o) => acceptedMatches(payment.accepted, o))
  return (
    found ?? {
      refused: true,
      message: 'the payment does not match any offered payment requirement (accepted must equal one of accepts)',
    }
  )
}

/**
 * The offered v1 requirement a payment is for: same scheme and network, and an exact-EVM
 * authorization paying the offered amount to the offered payTo.
 */
export function matchPaymentV1(
  offers: readonly PaymentRequirementsV1[],
  payment: PaymentPayloadV1,
): PaymentRequirementsV1 | Refusal {
  const candidates = offers.filter((o) => o.scheme === payment.scheme && o.network === payment.network)
  if (candidates.length === 0)
    return { refused: true, message: `no offered requirement has scheme ${payment.scheme} on network ${payment.network}` }
  const auth: unknown = (payment.payload as { authorization?: unknown }).authorization
  if (typeof auth !== 'object' || auth === null) return { refused: true, message: 'the payment has no authorization object' }
  const { value, to } = auth as { value?: unknown; to?: unknown }
  const found = candidates.find((o) => value === o.maxAmountRequired && sameAddress(to, o.payTo))
  return found ?? { refused: true, message: 'the payment authorization does not pay the offered amount to the offered payTo' }
}

/** Compares resource URLs by origin and normalised path (query ignored). */
export function sameResource(a: string, b: string): boolean {
  let ua: URL
  let ub: URL
  try {
    ua = new URL(a)
    ub = new URL(b)
  } catch {
    return false
  }
  return ua.origin.toLowerCase() === ub.origin.toLowerCase() && normalizePath(ua.pathname) === normalizePath(ub.pathname)
}

/** Refuses a v2 payment whose `resource.url` names another resource than `expected`. */
export function checkResourceV2(expected: string, payment: PaymentPayloadV2): Refusal | undefined {
  const url = payment.resource?.url
  if (url === undefined) return undefined
  return sameResource(expected, url) ? undefined : { refused: true, message: `the payment is for ${url}, not for ${expected}` }
}
