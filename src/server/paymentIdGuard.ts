import { decodePaymentResponseHeader, headers } from '../codecs/index.js'
import type { PaymentPayloadV2 } from '../types/v2.js'
import { routeExtensions } from './bazaar.js'
import { exposedHeaders, json } from './challenge.js'
import type { Middleware } from './createPaywall.js'
import { paymentFingerprint, readPaymentId } from './paymentIdentifier.js'
import type { PaymentIdEntry, PaymentIdStore, RememberedAnswer } from './paymentIdentifier.js'
import type { PaidRoute } from './routes.js'

/** What the guard needs from the paywall. */
export type PaymentIdGuardOptions = {
  /** The paid route a request hits, or undefined when it is free. */
  routeOf(request: Request): PaidRoute | undefined
  /** Decodes a v2 payment header; throws when it is malformed (the paywall then answers it). */
  decodePayment(value: string): PaymentPayloadV2
  store: PaymentIdStore
  /** Default: {@link paymentFingerprint}. */
  fingerprint?: (payment: PaymentPayloadV2) => string
}

const refuse = (status: 400 | 409, error: string) =>
  json(status, { error }, { 'cache-control': 'no-store', 'access-control-expose-headers': exposedHeaders })

/**
 * The payment-identifier extension around the paywall (spec/11-extensions.md): on a route that announces it,
 * a malformed id, or no id where one is required, is answered 400 before anything is charged; a repeat of a
 * settled payment (same id, identical payload) gets the remembered answer without a second charge; another
 * payment under a known id gets 409. Only an answer that charged the payment is remembered.
 *
 * @example
 * const guarded = guardPaymentIds(paywall, { routeOf, decodePayment, store: createMemoryPaymentIdStore() })
 */
export function guardPaymentIds(inner: Middleware, options: PaymentIdGuardOptions): Middleware {
  const fingerprint = options.fingerprint ?? paymentFingerprint
  const { store } = options
  return async (request, next) => {
    const announced = routeExtensions(options.routeOf(request))?.paymentIdentifier
    const header = request.headers.get(headers.v2.paymentSignature)
    if (announced === undefined || header === null || request.headers.has(headers.v1.payment)) return inner(request, next)
    let payment: PaymentPayloadV2
    try {
      payment = options.decodePayment(header)
    } catch {
      return inner(request, next)
    }
    const claim = readPaymentId(payment)
    if (claim.kind === 'malformed') return refuse(400, `invalid payment-identifier: ${claim.problem}`)
    if (claim.kind === 'none')
      return announced.required ? refuse(400, 'this route requires a payment-identifier id') : inner(request, next)
    const print = fingerprint(payment)
    let entry = await store.get(claim.id)
    if (entry === undefined && !(await store.lock(claim.id, print))) {
      entry = await store.get(claim.id)
      // the holder let go between the lock and the read: this payment holds no lock, so it may not run
      if (entry === undefined) return refuse(409, 'a payment with this payment-identifier id is in progress')
    }
    if (entry !== undefined) return answerKnown(entry, print)
    let response: Response
    try {
      response = await inner(request, next)
    } catch (error) {
      await store.release(claim.id)
      throw error
    }
    if (!charged(response)) {
      await store.release(claim.id)
      return response
    }
    const kept: [string, string][] = []
    response.headers.forEach((value, name) => {
      kept.push([name, value])
    })
    const answer: RememberedAnswer = {
      status: response.status,
      headers: kept,
      body: new Uint8Array(await response.arrayBuffer()),
    }
    await store.put(claim.id, { fingerprint: print, answer })
    return replay(answer)
  }
}

/** The answer to a payment under an id that already has an entry. */
function answerKnown(entry: PaymentIdEntry, print: string): Response {
  if (entry.fingerprint !== print) return refuse(409, 'this payment-identifier id was used with another payment')
  if (entry.answer === undefined) return refuse(409, 'a payment with this payment-identifier id is in progress')
  return replay(entry.answer)
}

function replay(answer: RememberedAnswer): Response {
  return new Response(answer.body.slice(), { status: answer.status, headers: answer.headers })
}

/**
 * The answer carries a successful settlement receipt: the payment was charged, whatever the status (an
 * `upfront` route's handler failure is answered with its own status and the receipt). A refusal or a pending
 * settlement carries a receipt too, without success: those are not remembered.
 */
function charged(response: Response): boolean {
  const receipt = response.headers.get(headers.v2.paymentResponse)
  if (receipt === null) return false
  try {
    return decodePaymentResponseHeader(receipt, 2).success === true
  } catch {
    return false
  }
}
