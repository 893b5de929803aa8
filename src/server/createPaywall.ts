import { encodeBase64Json, encodePaymentResponseHeader, headers, HeaderDecodeError } from '../codecs/index.js'
import { PaywallConfigError } from '../errors/config.js'
import { silentLogger } from '../loopback/jsonLogger.js'
import type { Logger } from '../loopback/jsonLogger.js'
import type { PaymentPayloadV1, PaymentRequirementsV1 } from '../types/v1.js'
import type { PaymentPayloadV2, PaymentRequirementsV2 } from '../types/v2.js'
import { exposedHeaders, json } from './challenge.js'
import { createFacilitatorClient } from './facilitatorClient.js'
import type { SettleResponse } from '../types/responses.js'
import type { FacilitatorReply } from './facilitatorClient.js'
import type { Refusal } from './match.js'
import { createRouteMatcher } from './routeMatcher.js'
import { compileRoute } from './routes.js'
import type { PaidRoute } from './routes.js'
import { defaultPaywallSteps } from './steps.js'
import type { PaywallSteps } from './steps.js'

/** A Fetch-API middleware: the request, and the seller's handler to run once paid. */
export type Middleware = (request: Request, next: (request: Request) => Promise<Response>) => Promise<Response>

/** Options of {@link createPaywall}. */
export type PaywallOptions = {
  routes: readonly PaidRoute[]
  /** Base URL of the facilitator (`/verify` and `/settle` are appended). */
  facilitatorUrl: string
  /** Protocol versions offered and accepted (default `'both'`). */
  version?: 1 | 2 | 'both'
  /** The resource URL of a request (default: the request's origin and path, without the query). */
  resourceUrl?: (request: Request) => string
  fetch?: typeof fetch
  /** Default 5 s; a verify without an answer in time is a 503, nothing charged. */
  verifyTimeoutMs?: number
  /** Default 15 s; then 503 saying the payment may still settle (do not pay again), never 402. */
  settleTimeoutMs?: number
  /** Largest facilitator answer read, in bytes (default 64 KiB). */
  maxFacilitatorAnswerBytes?: number
  /** Structured events (one per request: method, path, status, outcome; never a payment or signature). */
  log?: Logger
  /** Replace individual steps (tests build faulty variants this way). */
  steps?: Partial<PaywallSteps>
}

export { exposedHeaders }

/**
 * The resource-server middleware: answers 402 with the challenge, checks and verifies a payment,
 * runs the handler, settles only when it answered below 400, and attaches the receipt. Fails
 * closed: without a settled payment the handler's body never leaves.
 *
 * @example
 * const routes = [{ path: '/weather', price: '10000', payTo, networks: 'eip155:84532' }]
 * const paywall = createPaywall({ facilitatorUrl, routes })
 * const handler = (request: Request) => paywall(request, async () => Response.json({ sunny: true }))
 */
export function createPaywall(options: PaywallOptions): Middleware {
  const routes = options.routes.map(compileRoute)
  const version = options.version ?? 'both'
  if (version !== 1 && version !== 2 && version !== 'both')
    throw new PaywallConfigError({ problem: 'version must be 1, 2 or both', details: String(version) })
  if (version === 1 && routes.some((r) => r.offers.every((o) => o.v1 === undefined))) {
    throw new PaywallConfigError({ problem: 'a v1-only paywall needs networks that have a v1 name' })
  }
  const steps: PaywallSteps = { ...defaultPaywallSteps, ...options.steps }
  const facilitator = createFacilitatorClient({
    url: options.facilitatorUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.verifyTimeoutMs ? { verifyTimeoutMs: options.verifyTimeoutMs } : {}),
    ...(options.settleTimeoutMs ? { settleTimeoutMs: options.settleTimeoutMs } : {}),
    ...(options.maxFacilitatorAnswerBytes ? { maxAnswerBytes: options.maxFacilitatorAnswerBytes } : {}),
  })
  const offers1 = version !== 2
  const offers2 = version !== 1
  const match = createRouteMatcher(routes, steps.findRoute)
  const log = options.log ?? silentLogger

  const paywall: Middleware = async (request, next) => {
    const url = new URL(request.url)
    const matched = match(request.method, request.url)
    if (matched === 'invalid') return json(400, { error: 'the request path is not valid percent-encoding' })
    if (matched === 'free') return next(request)
    const route = matched.route

    const resource = options.resourceUrl?.(request) ?? `${url.origin}${url.pathname}`
    const accepts1 = offers1 ? route.offers.flatMap((o) => (o.v1 ? [{ ...o.v1, resource }] : [])) : []
    const accepts2 = offers2 ? route.offers.map((o) => o.v2) : []
    const challenge = (error: string, extra: Record<string, string> = {}) =>
      steps.paymentRequired({ route, resource, accepts1, accepts2, error, extra })

    const v1Header = request.headers.get(headers.v1.payment)
    const v2Header = request.headers.get(headers.v2.paymentSignature)
    if (v1Header !== null && v2Header !== null)
      return json(400, { error: `send either ${headers.v1.payment} or ${headers.v2.paymentSignature}, not both` })
    if (v1Header === null && v2Header === null) {
      const needed =
        !offers1 || accepts1.length === 0
          ? `${headers.v2.paymentSignature} header is required`
          : !offers2
            ? `${headers.v1.payment} header is required`
            : `payment required: send ${headers.v2.paymentSignature} (x402 v2) or ${headers.v1.payment} (x402 v1)`
      return challenge(needed)
    }
    const v: 1 | 2 = v1Header !== null ? 1 : 2
    if ((v === 1 && !offers1) || (v === 2 && !offers2) || (v === 1 && accepts1.length === 0))
      return challenge(`x402 version ${v} payments are not accepted here`)

    let payment: PaymentPayloadV1 | PaymentPayloadV2
    try {
      payment = steps.decodePayment((v1Header ?? v2Header)!, v)
    } catch (error) {
      if (error instanceof HeaderDecodeError)
        return json(
          400,
          { error: error.shortMessage, code: error.code, issues: error.issues },
          { 'access-control-expose-headers': exposedHeaders },
        )
      throw error
    }

    const requirement =
      payment.x402Version === 2 ? steps.matchAcceptedV2(accepts2, payment) : steps.matchPaymentV1(accepts1, payment)
    if (isRefusal(requirement)) return challenge(requirement.message)
    if (payment.x402Version === 2) {
      const wrong = steps.checkResourceV2(resource, payment)
      if (wrong) return challenge(wrong.message)
    }

    const body = {
      x402Version: v,
      paymentPayload: payment,
      paymentRequirements: requirement as PaymentRequirementsV1 | PaymentRequirementsV2,
    }
    const verified = await facilitator.verify(body)
    if (!verified.ok) log('facilitator-failed', { endpoint: '/verify', kind: verified.kind, message: verified.message })
    if (!verified.ok) return failClosed(verified)
    if (!steps.isVerified(verified)) return challenge(`payment verification failed: ${verified.body.invalidReason ?? 'invalid'}`)

    const response = await next(request)
    if (!steps.shouldSettle(response)) return withHeaders(response, { 'access-control-expose-headers': exposedHeaders })

    const settled = await facilitator.settle(body)
    if (!settled.ok || !steps.isSettled(settled)) {
      await response.body?.cancel().catch(() => undefined)
      if (!settled.ok) log('facilitator-failed', { endpoint: '/settle', kind: settled.kind, message: settled.message })
      if (!settled.ok) return failClosed(settled, true)
      const receipt = { [receiptHeader(v)]: encodeReceipt(settled.body, v) }
      // a pending settlement may still charge: a 402 now would invite the client to pay again
      if (settled.body.errorReason === 'settlement_pending') return settlementUnknown('the settlement is pending', receipt)
      return challenge(`payment settlement failed: ${settled.body.errorReason ?? 'failed'}`, receipt)
    }
    log('settled', { path: url.pathname.slice(0, 200), transaction: settled.body.transaction, network: settled.body.network })
    return withHeaders(response, {
      [receiptHeader(v)]: encodeReceipt(settled.body, v),
      'access-control-expose-headers': exposedHeaders,
      'cache-control': privateCacheControl(response.headers.get('cache-control')),
    })
  }
  return async (request, next) => {
    const started = Date.now()
    const response = await paywall(request, next)
    const fields: Record<string, unknown> = { method: request.method, path: new URL(request.url).pathname.slice(0, 200) }
    const payment = request.headers.has(headers.v2.paymentSignature) ? 2 : request.headers.has(headers.v1.payment) ? 1 : undefined
    if (payment !== undefined) fields['payment'] = `v${payment}`
    log('request', { ...fields, status: response.status, ms: Date.now() - started })
    return response
  }
}

function isRefusal(value: object): value is Refusal {
  return (value as Partial<Refusal>).refused === true
}

function receiptHeader(v: 1 | 2): string {
  return v === 1 ? headers.v1.paymentResponse : headers.v2.paymentResponse
}

/** The receipt header value; a facilitator answer outside the schema is still passed on, as base64 JSON. */
function encodeReceipt(reply: SettleResponse, v: 1 | 2): string {
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
function failClosed(reply: FacilitatorReply<unknown> & { ok: false }, settling = false): Response {
  const status = reply.kind === 'garbage' ? 502 : 503
  if (settling) return settlementUnknown(reply.message, {}, status)
  return json(status, { error: `payment could not be processed: ${reply.message}` }, { 'cache-control': 'no-store' })
}

/** The settlement's outcome is unknown: 5xx, and the client is told not to pay again. */
function settlementUnknown(why: string, extra: Record<string, string> = {}, status = 503): Response {
  const error = `the payment's settlement is not confirmed (${why}); do not pay again: it may still be charged`
  const h = { 'cache-control': 'no-store', 'access-control-expose-headers': exposedHeaders, ...extra }
  return json(status, { error, settlement: 'unknown' }, h)
}

/** A copy of `response` with headers added (a handler's Response may have immutable headers). */
/** A paid answer is the payer's alone: shared caches must not store it (the handler's own directives are kept). */
function privateCacheControl(handler: string | null): string {
  if (handler === null || handler.trim() === '') return 'private, no-store'
  if (/\b(private|no-store)\b/i.test(handler)) return handler
  return `private, ${handler
    .replace(/\bpublic\b\s*,?\s*/i, '')
    .replace(/\bs-maxage=\d+\s*,?\s*/i, '')
    .trim()}`.replace(/,\s*$/, '')
}

function withHeaders(response: Response, extra: Record<string, string>): Response {
  const h = new Headers(response.headers)
  for (const [k, v] of Object.entries(extra)) h.set(k, v)
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: h })
}
