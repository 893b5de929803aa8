import { EnvelopeEncodeError, encodePaymentRequiredHeader, headers } from '../codecs/index.js'
import type { PaymentRequiredV1, PaymentRequirementsV1 } from '../types/v1.js'
import type { PaymentRequiredV2, PaymentRequirementsV2 } from '../types/v2.js'
import type { CompiledRoute } from './routes.js'
import { challengeExtensions } from './bazaar.js'

/** Every x402 header a browser script may read. */
export const exposedHeaders = [headers.v2.paymentRequired, headers.v2.paymentResponse, headers.v1.paymentResponse].join(', ')

/** What a 402 says: the route, the resource URL, the offers of each version, the error and extra headers. */
export type ChallengeInput = {
  route: CompiledRoute
  resource: string
  accepts1: PaymentRequirementsV1[]
  accepts2: PaymentRequirementsV2[]
  error: string
  extra?: Record<string, string>
}

/**
 * The 402 with the challenge: the v2 `PAYMENT-REQUIRED` header and the v1 body. When the challenge
 * cannot fit its header (a resource URL of many kilobytes), 414: the URL is what is too long.
 */
export function paymentRequired(input: ChallengeInput): Response {
  const { route, resource, accepts1, accepts2, error } = input
  const h: Record<string, string> = {
    'cache-control': 'no-store',
    'access-control-expose-headers': exposedHeaders,
    ...input.extra,
  }
  let body: PaymentRequiredV1 | PaymentRequiredV2 | undefined
  if (accepts2.length > 0) {
    const v2: PaymentRequiredV2 = {
      x402Version: 2,
      error,
      resource: {
        url: resource,
        description: route.route.description ?? '',
        mimeType: route.route.mimeType ?? 'application/json',
      },
      accepts: accepts2,
    }
    const extensions = challengeExtensions(route.route)
    if (extensions !== undefined) v2.extensions = extensions
    try {
      h[headers.v2.paymentRequired] = encodePaymentRequiredHeader(v2)
    } catch (problem) {
      const tooLong =
        problem instanceof EnvelopeEncodeError && problem.issues.some((i) => i.pointer === '' && /limit/.test(i.message))
      if (!tooLong) throw problem
      return json(
        414,
        { error: `the request URL is too long for a payment challenge (${resource.length} characters)` },
        { 'cache-control': 'no-store' },
      )
    }
    body = v2
  }
  if (accepts1.length > 0) body = { x402Version: 1, error, accepts: accepts1 }
  return json(402, body ?? { error }, h)
}

/** A JSON response. */
export function json(status: number, body: unknown, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...extra } })
}
