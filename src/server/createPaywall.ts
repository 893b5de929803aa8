import { encodeBase64Json, encodePaymentRequiredHeader, encodePaymentResponseHeader, headers, HeaderDecodeError } from '../codecs/index.js'
import { PaywallConfigError } from '../errors/config.js'
import type { PaymentPayloadV1, PaymentRequiredV1, PaymentRequirementsV1 } from '../types/v1.js'
import type { PaymentPayloadV2, PaymentRequiredV2, PaymentRequirementsV2 } from '../types/v2.js'
import { createFacilitatorClient } from './facilitatorClient.js'
import type { SettleResponse } from '../types/responses.js'
import type { FacilitatorReply } from './facilitatorClient.js'
import type { Refusal } from './match.js'
import { normalizePath } from './paths.js'
import { compileRoute } from './routes.js'
import type { CompiledRoute, PaidRoute } from './routes.js'
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
  verifyTimeoutMs?: number
  settleTimeoutMs?: number
  /** Replace individual steps (tests build faulty variants this way). */
  steps?: Partial<PaywallSteps>
}

/** Every x402 header a browser script may read. */
export const exposedHeaders = [headers.v2.paymentRequired, headers.v2.paymentResponse, headers.v1.paymentResponse].join(', ')

/**
 * The resource-server middleware: answers 402 with the challenge, checks and verifies a payment,
 * runs the handler, settles only when it answered below 400, and attaches the receipt. Fails
 * closed: without a settled payment the handler's body never leaves.
 *
 * @example
 * const paywall = createPaywall({ facilitatorUrl, routes: [{ path: '/weather', price: '10000', payTo, networks: 'eip155:84532' }] })
 * const handler = (request: Request) => paywall(request, async () => Response.json({ sunny: true }))
 */
export function createPaywall(options: PaywallOptions): Middleware {
  const routes = options.routes.map(compileRoute)
  const version = options.version ?? 'both'
  if (version !== 1 && version !== 2 && version !== 'both') throw new PaywallConfigError({ problem: 'version must be 1, 2 or both', details: String(version) })
  if (version === 1 && routes.some((r) => r.offers.every((o) => o.v1 === undefined))) {
    throw new PaywallConfigError({ problem: 'a v1-only paywall needs networks that have a v1 name' })
  }
  const steps: PaywallSteps = { ...defaultPaywallSteps, ...options.steps }
  const facilitator = createFacilitatorClient({
    url: options.facilitatorUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.verifyTimeoutMs ? { verifyTimeoutMs: options.verifyTimeoutMs } : {}),
    ...(options.settleTimeoutMs ? { settleTimeoutMs: options.settleTimeoutMs } : {}),
  })
  const offers1 = version !== 2
  const offers2 = version !== 1

  return async (request, next) => {
    const url = new URL(request.url)
    const path = normalizePath(url.pathname)
    if (path === undefined) return json(400, { error: 'the request path is not valid percent-encoding' })
    const route = steps.findRoute(routes, request.method, path)
    if (!route) return next(request)

    const resource = options.resourceUrl?.(request) ?? `${url.origin}${url.pathname}`
    const accepts1 = offers1 ? route.offers.flatMap((o) => (o.v1 ? [{ ...o.v1, resource }] : [])) : []
    const accepts2 = offers2 ? route.offers.map((o) => o.v2) : []
    const challenge = (error: string, extra: Record<string, string> = {}) => paymentRequired(route, resource, accepts1, accepts2, error, extra)

    const v1Header = request.headers.get(headers.v1.payment)
    const v2Header = request.headers.get(headers.v2.paymentSignature)
    if (v1Header !== null && v2Header !== null) return json(400, { error: `send either ${headers.v1.payment} or ${headers.v2.paymentSignature}, not both` })
    if (v1Header === null && v2Header === null) {
      const needed = !offers1 || accepts1.length === 0 ? `${headers.v2.paymentSignature} header is required` : !offers2 ? `${headers.v1.payment} header is required` : `payment required: send ${headers.v2.paymentSignature} (x402 v2) or ${headers.v1.payment} (x402 v1)`
      return challenge(needed)
    }
    const v: 1 | 2 = v1Header !== null ? 1 : 2
    if ((v === 1 && !offers1) || (v === 2 && !offers2) || (v === 1 && accepts1.length === 0)) return challenge(`x402 version ${v} payments are not accepted here`)

    let payment: PaymentPayloadV1 | PaymentPayloadV2
    try {
      payment = steps.decodePayment((v1Header ?? v2Header)!, v)
    } catch (error) {
      if (error instanceof HeaderDecodeError) return json(400, { error: error.shortMessage, code: error.code, issues: error.issues }, { 'access-control-expose-headers': exposedHeaders })
      throw error
    }

    const requirement =
      payment.x402Version === 2 ? steps.matchAcceptedV2(accepts2, payment) : steps.matchPaymentV1(accepts1, payment)
    if (isRefusal(requirement)) return challenge(requirement.message)
    if (payment.x402Version === 2) {
      const wrong = steps.checkResourceV2(resource, payment)
      if (wrong) return challenge(wrong.message)
    }

    const body = { x402Version: v, paymentPayload: payment, paymentRequirements: requirement as PaymentRequirementsV1 | PaymentRequirementsV2 }
    const verified = await facilitator.verify(body)
    if (!verified.ok) return failClosed(verified)
    if (!steps.isVerified(verified)) return challenge(`payment verification failed: ${verified.body.invalidReason ?? 'invalid'}`)

    const response = await next(request)
    if (!steps.shouldSettle(response)) return withHeaders(response, { 'access-control-expose-headers': exposedHeaders })

    const settled = await facilitator.settle(body)
    if (!settled.ok || !steps.isSettled(settled)) {
      await response.body?.cancel().catch(() => undefined)
      if (!settled.ok) return failClosed(settled)
      return challenge(`payment settlement failed: ${settled.body.errorReason ?? 'failed'}`, { [receiptHeader(v)]: encodeReceipt(settled.body, v) })
    }
    return withHeaders(response, { [receiptHeader(v)]: encodeReceipt(settled.body, v), 'access-control-expose-headers': exposedHeaders })
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

function paymentRequired(
  route: CompiledRoute,
  resource: string,
  accepts1: PaymentRequirementsV1[],
  accepts2: PaymentRequirementsV2[],
  error: string,
  extra: Record<string, string>,
): Response {
  const h: Record<string, string> = { 'cache-control': 'no-store', 'access-control-expose-headers': exposedHeaders, ...extra }
  let body: PaymentRequiredV1 | PaymentRequiredV2 | undefined
  if (accepts2.length > 0) {
    const v2: PaymentRequiredV2 = {
      x402Version: 2,
      error,
      resource: { url: resource, description: route.route.description ?? '', mimeType: route.route.mimeType ?? 'application/json' },
      accepts: accepts2,
    }
    h[headers.v2.paymentRequired] = encodePaymentRequiredHeader(v2)
    body = v2
  }
  if (accepts1.length > 0) body = { x402Version: 1, error, accepts: accepts1 }
  return json(402, body ?? { error }, h)
}

function failClosed(reply: FacilitatorReply<unknown> & { ok: false }): Response {
  const status = reply.kind === 'garbage' ? 502 : 503
  return json(status, { error: `payment could not be processed: ${reply.message}` }, { 'cache-control': 'no-store' })
}

function json(status: number, body: unknown, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...extra } })
}

/** A copy of `response` with headers added (a handler's Response may have immutable headers). */
function withHeaders(response: Response, extra: Record<string, string>): Response {
  const h = new Headers(response.headers)
  for (const [k, v] of Object.entries(extra)) h.set(k, v)
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: h })
}
