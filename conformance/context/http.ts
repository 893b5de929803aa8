/** One HTTP request as recorded in a transcript. */
export type RecordedRequest = {
  method: string
  url: string
  headers: Record<string, string>
  body: unknown
  /** x402 headers decoded from base64 JSON (best effort; malformed values are noted). */
  decoded: Record<string, unknown>
}

/** One HTTP exchange: what was sent and what came back. */
export type Exchange = {
  readonly request: RecordedRequest
  readonly status: number
  readonly headers: Record<string, string>
  /** The body parsed as JSON, or the text when it is not JSON, or `undefined` when empty. */
  readonly body: unknown
  readonly text: string
  /** x402 response headers decoded from base64 JSON. */
  readonly decoded: Record<string, unknown>
  readonly ms: number
  /** Set when no response arrived (connection refused, reset, timeout). */
  readonly error?: string
}

const x402Headers = ['x-payment', 'x-payment-response', 'payment-required', 'payment-signature', 'payment-response']

/** Decodes a base64 JSON header value leniently, for transcripts (never throws). */
export function decodeLenient(value: string): unknown {
  try {
    const text = Buffer.from(value, 'base64').toString('utf8')
    const decoded = JSON.parse(text) as unknown
    return depth(decoded, 64) > 64 ? { tooDeep: `${text.slice(0, 200)}…` } : decoded
  } catch {
    return { undecodable: value.length > 200 ? `${value.slice(0, 200)}…` : value }
  }
}

function decodeHeaders(headers: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(headers)) if (x402Headers.includes(k.toLowerCase())) out[k.toLowerCase()] = decodeLenient(v)
  return out
}

function depth(value: unknown, limit: number): number {
  if (typeof value !== 'object' || value === null) return 0
  if (limit <= 0) return 1
  let max = 0
  for (const v of Object.values(value)) max = Math.max(max, depth(v, limit - 1))
  return max + 1
}

/** The body as JSON when it is JSON (and not absurdly nested, which reports could not print), else text. */
function parseBody(text: string): unknown {
  if (text === '') return undefined
  try {
    const value = JSON.parse(text) as unknown
    return depth(value, 64) > 64 ? (text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text) : value
  } catch {
    return text.length > 100_000 ? `${text.slice(0, 100_000)}…` : text
  }
}

/**
 * Options of {@link send}. `signal`: the case's; once it aborts, no request starts (send throws the signal's
 * reason) and one in flight is dropped (its exchange carries the error, so a promise nobody awaits any
 * more settles quietly).
 */
export type SendOptions = {
  method?: string
  headers?: Record<string, string>
  body?: unknown
  timeoutMs?: number
  signal?: AbortSignal | undefined
  /**
   * Values never to record (a hosted facilitator's API key): a request header carrying one is recorded as
   * `[redacted]`, and the value is cut out of the recorded answer.
   */
  secrets?: readonly string[] | undefined
}

const redacted = '[redacted]'

function hideSecrets(headers: Record<string, string>, secrets: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) out[k] = secrets.some((s) => v.includes(s)) ? redacted : v
  return out
}

const cutSecrets = (text: string, secrets: readonly string[]) =>
  secrets.reduce((t, s) => (s.length >= 6 ? t.replaceAll(s, redacted) : t), text)

/**
 * Sends one HTTP request and records the exchange. A JSON-able `body` is encoded as JSON; a string is
 * sent as is. Never throws for network errors: the exchange carries `error` and status 0. Throws only
 * when `options.signal` had aborted before the request (the case was cancelled).
 */
export async function send(url: string, options: SendOptions = {}): Promise<Exchange> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST')
  const headers: Record<string, string> = { ...(options.headers ?? {}) }
  let payload: string | undefined
  if (options.body !== undefined) {
    payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json'
  }
  const recorded =
    payload === undefined
      ? undefined
      : payload.length > 65_536
        ? `${payload.slice(0, 1_000)}… (${payload.length} bytes)`
        : parseBody(payload)
  const secrets = (options.secrets ?? []).filter((s) => s.length > 0)
  const shown = secrets.length > 0 ? hideSecrets(headers, secrets) : headers
  const request: RecordedRequest = { method, url, headers: shown, body: recorded, decoded: decodeHeaders(shown) }
  const started = performance.now()
  const cancel = options.signal
  cancel?.throwIfAborted()
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000)
  const signal = cancel ? AbortSignal.any([cancel, timeout]) : timeout
  try {
    const res = await fetch(url, { method, headers, signal, ...(payload === undefined ? {} : { body: payload }) })
    const text = method === 'HEAD' ? '' : cutSecrets(await res.text(), secrets)
    const resHeaders = responseHeaders(res)
    return answered(request, res.status, resHeaders, { body: parseBody(text), text, decoded: decodeHeaders(resHeaders) }, started)
  } catch (error) {
    return unanswered(request, error, started)
  }
}

/** A response's headers as a plain record (names lower-case, as fetch gives them). */
export function responseHeaders(res: Response): Record<string, string> {
  const headers: Record<string, string> = {}
  res.headers.forEach((v, k) => {
    headers[k] = v
  })
  return headers
}

/** The exchange of an answered request; `ms` is the time since `started` (performance.now()). */
export function answered(
  request: RecordedRequest,
  status: number,
  headers: Record<string, string>,
  read: Pick<Exchange, 'body' | 'text' | 'decoded'>,
  started: number,
): Exchange {
  return { request, status, headers, body: read.body, text: read.text, decoded: read.decoded, ms: performance.now() - started }
}

/** The exchange of a request that got no answer: status 0 and `error` naming the failure (and its cause code). */
export function unanswered(request: RecordedRequest, error: unknown, started: number): Exchange {
  const cause = (error as { cause?: { code?: string } }).cause?.code
  const message = `${(error as Error).name}: ${(error as Error).message}${cause ? ` (${cause})` : ''}`
  return {
    request,
    status: 0,
    headers: {},
    body: undefined,
    text: '',
    decoded: {},
    ms: performance.now() - started,
    error: message,
  }
}

/** True when the URL's host is loopback (127.0.0.0/8, ::1, localhost). */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '')
  return host === 'localhost' || host === '::1' || /^127\./.test(host)
}
