import type { Exchange } from '../context/http.js'

const secretHeaders = ['x-payment', 'payment-signature']
const redacted = '[redacted: target not on loopback]'

/** A signature in hex: 65 bytes or more (ECDSA, ERC-1271/6492 wrappers, calldata that carries one). */
const longHex = /0x[0-9a-fA-F]{130,}/g
/** A signature, whole or cut short, in text that is not whole JSON: a `signature` member or long hex. */
const signatureInText = /"signature"\s*:|0x[0-9a-fA-F]{130}/
/** A run of base64 (standard or URL alphabet) long enough to hold an encoded payment. */
const base64Run = /[A-Za-z0-9+/_-]{40,}={0,2}/g

/**
 * The base64 run with the signatures inside its JSON removed, re-encoded (so the report still shows
 * the payment without them); the run unchanged when it is not base64 of JSON or carries no signature.
 */
function scrubBase64(run: string): string {
  const text = Buffer.from(run, run.includes('-') || run.includes('_') ? 'base64url' : 'base64').toString('utf8')
  // a run that is not whole JSON (a header cut for display, say) may still carry a signature: remove it all
  const whole = signatureInText.test(text) ? redacted : run
  if (!/^\s*[[{]/.test(text)) return whole
  let decoded: unknown
  try {
    decoded = JSON.parse(text) as unknown
  } catch {
    return whole
  }
  const before = JSON.stringify(decoded)
  const after = JSON.stringify(scrub(decoded))
  return after === before ? run : Buffer.from(after).toString('base64')
}

function scrubText(text: string): string {
  return text.replace(longHex, redacted).replace(base64Run, scrubBase64)
}

/** `value` with every signature removed: `signature` members, long hex, and both inside base64 JSON strings. */
function scrub(value: unknown): unknown {
  if (typeof value === 'string') return scrubText(value)
  if (Array.isArray(value)) return value.map(scrub)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = k === 'signature' && typeof v === 'string' ? redacted : scrub(v)
  return out
}

function scrubHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) out[k] = secretHeaders.includes(k.toLowerCase()) ? redacted : scrubText(v)
  return out
}

/**
 * Plain JSON (evidence, messages) with every payment signature removed, also inside base64-encoded JSON
 * strings (payment headers quoted in evidence, bodies echoed back): a valid authorization is money.
 */
export function redactValue(value: unknown): unknown {
  return scrub(value)
}

/**
 * An exchange with every payment signature removed (request body, headers raw and decoded, response
 * body, text and headers, base64 JSON included): reports about remote targets must not carry one.
 */
export function redactExchange(x: Exchange): Exchange {
  return {
    ...x,
    request: {
      ...x.request,
      url: scrubText(x.request.url),
      headers: scrubHeaders(x.request.headers),
      body: scrub(x.request.body),
      decoded: scrub(x.request.decoded) as Record<string, unknown>,
    },
    headers: scrubHeaders(x.headers),
    decoded: scrub(x.decoded) as Record<string, unknown>,
    body: scrub(x.body),
    text: typeof x.body === 'object' && x.body !== null ? JSON.stringify(scrub(x.body)) : scrubText(x.text),
  }
}
