import type { Exchange } from '../context/http.js'

const secretHeaders = ['x-payment', 'payment-signature']
const redacted = '[redacted: target not on loopback]'

function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = k === 'signature' && typeof v === 'string' ? redacted : scrub(v)
  return out
}

function scrubHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) out[k] = secretHeaders.includes(k.toLowerCase()) ? redacted : v
  return out
}

/**
 * An exchange with every payment signature removed (request body, payment headers raw and decoded):
 * a valid authorization is money, so reports about remote targets must not carry one.
 */
export function redactExchange(x: Exchange): Exchange {
  return {
    ...x,
    request: {
      ...x.request,
      headers: scrubHeaders(x.request.headers),
      body: scrub(x.request.body),
      decoded: scrub(x.request.decoded) as Record<string, unknown>,
    },
    body: scrub(x.body),
    text: typeof x.body === 'object' && x.body !== null ? JSON.stringify(scrub(x.body)) : x.text,
  }
}
