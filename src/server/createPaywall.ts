import { headers, HeaderDecodeError } from '../codecs/index.js'
import { PaywallConfigError } from '../errors/config.js'
import { silentLogger } from '../loopback/jsonLogger.js'
import type { Logger } from '../loopback/jsonLogger.js'
import type { PaymentPayloadV1, PaymentRequirementsV1 } from '../types/v1.js'
import type { PaymentPayloadV2, PaymentRequirementsV2 } from '../types/v2.js'
import { exposedHeaders, json } from './challenge.js'
import { encodeReceipt, failClosed, receiptHeader, settlementUnknown, withHeaders, withReceipt } from './answers.js'
import { createFacilitatorClient } from './facilitatorClient.js'
import type { Refusal } from './match.js'
import { createMemoryPendingStore, pendingKey } from './pendingStore.js'
import type { PendingStore } from './pendingStore.js'
import { createMemoryPaymentIdStore } from './paymentIdentifier.js'
import type { PaymentIdStore } from './paymentIdentifier.js'
import { createRouteMatcher } from './routeMatcher.js'
import { compileRoute } from './routes.js'
import type { PaidRoute } from './routes.js'
import { finishedReceipt, settleWithRetry } from './settlement.js'
import { withoutOverrides, zeroReceipt } from './upto.js'
import type { SettleOutcome } from './settlement.js'
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
  /** Wait before the single retry of a settlement answered `settlement_pending` (default 1 s). */
  pendingRetryDelayMs?: number
  /** `Retry-After` of a 503 whose settlement is pending or unknown, in seconds (default 5). */
  retryAfterSeconds?: number
  /** Where pending settlements are recorded (default: in memory; see `createFilePendingStore`). */
  pendingStore?: PendingStore
  /** Largest facilitator answer read, in bytes (default 64 KiB). */
  maxFacilitatorAnswerBytes?: number
  /** Structured events (one per request: method, path, status, outcome; never a payment or signature). */
  log?: Logger
  /** Replace individual steps (tests build faulty variants this way). */
  steps?: Partial<PaywallSteps>
  /** Where payment identifiers are remembered (default: in memory, see {@link createMemoryPaymentIdStore}). */
  paymentIdStore?: PaymentIdStore
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
  const pendingStore = options.pendingStore ?? createMemoryPendingStore()
  const retryDelayMs = options.pendingRetryDelayMs ?? 1_000
  const retryAfter = options.retryAfterSeconds

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
    const key = pendingKey(payment, requirement)
    const settle = (sent: unknown) => settleWithRetry({ facilitator, steps, retryDelayMs }, sent)
    const served = (response: Response, outcome: SettleOutcome) => {
      if (outcome.kind === 'unknown') return withHeaders(response, { 'access-control-expose-headers': exposedHeaders })
      const { transaction, network } = outcome.receipt
      log('settled', { path: url.pathname.slice(0, 200), transaction, network })
      return withReceipt(response, outcome.receipt, v)
    }
    const unsettled = async (outcome: Exclude<SettleOutcome, { kind: 'settled' }>, response?: Response, sent = body) => {
      await response?.body?.cancel().catch(() => undefined)
      if (outcome.kind === 'unknown') {
        log('facilitator-failed', { endpoint: '/settle', kind: outcome.reply.kind, message: outcome.reply.message })
        return failClosed(outcome.reply, true, retryAfter)
      }
      const receipt = { [receiptHeader(v)]: encodeReceipt(outcome.receipt, v) }
      if (outcome.kind === 'refused')
        return challenge(`payment settlement failed: ${outcome.receipt.errorReason ?? 'failed'}`, receipt)
      // a pending settlement may still charge: a 402 now would invite the client to pay again
      const { transaction, network, payer } = outcome.receipt
      // only a named transaction can finish a repeat of this payment (finishedReceipt compares with it)
      if (/^0x[0-9a-fA-F]{64}$/.test(transaction ?? ''))
        await pendingStore
          .put({ key, transaction, network, payer: payer ?? undefined, version: v, request: sent, at: Date.now() })
          .catch((error) => log('pending-store-failed', { message: String((error as Error)?.message ?? error) }))
      return settlementUnknown('the settlement is pending', receipt, 503, retryAfter)
    }

    const record = await steps.findPending(pendingStore, key).catch((error) => {
      log('pending-store-failed', { message: String((error as Error)?.message ?? error) })
      return undefined
    })
    if (record !== undefined) {
      const outcome = await settle(record.request)
      const receipt = finishedReceipt(outcome, record)
      if (outcome.kind === 'settled' || outcome.kind === 'refused') await pendingStore.delete(key).catch(() => undefined)
      if (receipt === undefined) return unsettled(outcome as Exclude<SettleOutcome, { kind: 'settled' }>)
      return served(withoutOverrides(await next(request)), { kind: 'settled', receipt })
    }

    if ((route.route.paymentFlow ?? 'authorization') === 'upfront') {
      const outcome = await settle(body)
      if (!steps.upfrontServes(outcome)) return unsettled(outcome as Exclude<SettleOutcome, { kind: 'settled' }>)
      return served(await next(request), outcome)
    }

    const verified = await facilitator.verify(body)
    if (!verified.ok) log('facilitator-failed', { endpoint: '/verify', kind: verified.kind, message: verified.message })
    if (!verified.ok) return failClosed(verified)
    if (!steps.isVerified(verified)) return challenge(`payment verification failed: ${verified.body.invalidReason ?? 'invalid'}`)

    const answered = await next(request)
    const response = withoutOverrides(answered)
    if (!steps.shouldSettle(response)) return withHeaders(response, { 'access-control-expose-headers': exposedHeaders })
    let charged = body
    if (requirement.scheme === 'upto') {
      const charge = steps.uptoCharge(answered, BigInt(String((requirement as PaymentRequirementsV2).amount)))
      if ('problem' in charge) {
        log('upto-charge-invalid', { path: url.pathname.slice(0, 200), problem: charge.problem })
        await response.body?.cancel().catch(() => undefined)
        return json(500, { error: 'the resource could not name its charge; nothing was charged' })
      }
      if (charge.clamped) log('upto-charge-clamped', { path: url.pathname.slice(0, 200) })
      if (charge.amount === 0n) return served(response, { kind: 'settled', receipt: zeroReceipt(requirement.network) })
      charged = { ...body, paymentRequirements: { ...(requirement as PaymentRequirementsV2), amount: String(charge.amount) } }
    }
    const outcome = await settle(charged)
    if (outcome.kind !== 'settled') return unsettled(outcome, response, charged)
    return served(response, outcome)
  }
  const guarded = steps.guardPaymentIds(paywall, {
    routeOf: (request) => {
      const hit = match(request.method, request.url)
      return typeof hit === 'string' ? undefined : hit.route.route
    },
    decodePayment: (value) => steps.decodePayment(value, 2) as PaymentPayloadV2,
    store: options.paymentIdStore ?? createMemoryPaymentIdStore(),
  })
  return async (request, next) => {
    const started = Date.now()
    const response = await guarded(request, next)
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
