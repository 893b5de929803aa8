import {
  encodePaymentPayloadHeader,
  fromRequirementsV1,
  fromRequirementsV2,
  headers,
  paymentHeaderName,
  safeDecodePaymentRequiredHeader,
  safeDecodePaymentRequiredV1Body,
} from '../codecs/index.js'
import type { Requirements } from '../codecs/normalize.js'
import { InvalidChallengeError } from '../errors/challenge.js'
import { createPayment } from '../evm/index.js'
import { createPermit2PaymentPayload, isPermit2Offer } from '../evm/permit2/index.js'
import type { TypedDataSigner } from '../evm/index.js'
import { PaymentRequiredV2 } from '../types/v2.js'
import { newPaymentId, withPaymentId } from './paymentId.js'
import { chooseOffer, PaymentRefusedError } from './policy.js'
import type { PaymentPolicy } from './policy.js'
import { sendResending } from './resendSame.js'
import type { ResendOptions } from './resendSame.js'
import { sendPaid } from './sendPaid.js'

/** The longest validity window the client signs, whatever the offer's maxTimeoutSeconds (one day). */
export const maxWindowSeconds = 86_400

/** Options of {@link wrapFetch}. */
export type WrapFetchOptions = {
  /** The payer: any EIP-712 signer (a viem local account). */
  account: TypedDataSigner
  policy?: PaymentPolicy
  /** Clock in unix seconds (default: the system clock). */
  now?: () => number
  /** When the same payment is sent again: an answer lost, or a settlement pending (default: once, `Retry-After` up to 10 s). */
  resend?: Omit<ResendOptions, 'now'>
}

/** A `fetch` that pays; `spent()` is the total it has signed for so far. */
export type PayingFetch = ((input: string | URL | Request, init?: RequestInit) => Promise<Response>) & { spent(): bigint }

/**
 * Wraps `fetch` so that a 402 is paid: parses the challenge (v1 body or v2 `PAYMENT-REQUIRED`),
 * picks the cheapest offer the policy allows, signs, and retries once with the payment header. When the answer
 * to that retry is lost or says the settlement is pending (a 503 with `Retry-After`), it sends the same payment
 * again, never a new one (`options.resend`).
 * Throws {@link PaymentRefusedError} when nothing acceptable is offered (including a budget that
 * would be exceeded). Read the settlement with `getReceipt(response)`.
 *
 * @example
 * const pay = wrapFetch(fetch, { account, policy: { maxAmountPerRequest: 10_000n, budget: 1_000_000n } })
 * const response = await pay('http://127.0.0.1:4021/paid')
 * getReceipt(response)?.transaction
 */
export function wrapFetch(baseFetch: typeof fetch, options: WrapFetchOptions): PayingFetch {
  const policy = options.policy ?? {}
  let spent = 0n
  const paying = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    if (request.headers.has(headers.v1.payment) || request.headers.has(headers.v2.paymentSignature)) return baseFetch(request)
    const first = await baseFetch(request.clone())
    if (first.status !== 402) return first
    const { offers, extensions } = await readChallengeWithExtensions(first)
    const choice = chooseOffer(policy, offers, spent)
    if ('refusals' in choice) throw new PaymentRefusedError(request.url, choice.refusals)
    const amount = BigInt(choice.offer.amount)
    spent += amount
    let header: string
    try {
      // However long the offer asks, the authorization lives at most a day (exact-evm.client.window-capped).
      const window = Math.min(choice.offer.maxTimeoutSeconds, maxWindowSeconds)
      const now = options.now ?? (() => Math.floor(Date.now() / 1000))
      // A Permit2 offer (upto, or exact with assetTransferMethod permit2) is signed as a Permit2 witness transfer.
      const payment = isPermit2Offer(choice.offer)
        ? await createPermit2PaymentPayload({
            account: options.account,
            requirements: choice.offer,
            now: now(),
            maxWindowSeconds: window,
          })
        : await createPayment({
            account: options.account,
            requirements: choice.offer,
            now,
            validBefore: BigInt(now() + window),
          })
      // A v2 payment keeps every extension of the challenge (envelopes.v2.extensions-echo).
      // An announced payment-identifier gets this logical request's id (ext.payment-id.client-sends).
      if (payment.x402Version === 2 && extensions !== undefined)
        payment.extensions = withPaymentId({ ...extensions, ...payment.extensions }, newPaymentId())
      header = encodePaymentPayloadHeader(payment)
    } catch (error) {
      spent -= amount
      throw error
    }
    const name = paymentHeaderName(choice.offer.x402Version)
    const retry = new Request(request)
    retry.headers.set(name, header)
    const clock = options.now ? { now: options.now } : {}
    return sendResending((r) => sendPaid(baseFetch, r, name), retry, { ...options.resend, ...clock })
  }
  return Object.assign(paying, { spent: () => spent })
}

/** The offers of a 402 response in one shape; throws an {@link InvalidChallengeError} when it carries no x402 challenge. */
export async function readChallenge(response: Response): Promise<Requirements[]> {
  return (await readChallengeWithExtensions(response)).offers
}

type Challenge = { offers: Requirements[]; extensions?: Record<string, unknown> | undefined }

async function readChallengeWithExtensions(response: Response): Promise<Challenge> {
  const header = response.headers.get(headers.v2.paymentRequired)
  if (header !== null) {
    const decoded = safeDecodePaymentRequiredHeader(header)
    await response.body?.cancel().catch(() => undefined)
    if (!decoded.success)
      throw new InvalidChallengeError({
        problem: `the ${headers.v2.paymentRequired} header cannot be read`,
        cause: decoded.error,
        issues: decoded.error.message,
      })
    return {
      offers: decoded.data.accepts.map((r) => fromRequirementsV2(r, decoded.data.resource)),
      extensions: decoded.data.extensions ?? undefined,
    }
  }
  const text = await response.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new InvalidChallengeError({
      problem: 'the 402 response carries no x402 challenge (no PAYMENT-REQUIRED header, body is not JSON)',
    })
  }
  const version = (json as { x402Version?: unknown } | null)?.x402Version
  if (version === 2) {
    const parsed = PaymentRequiredV2.safeParse(json)
    if (!parsed.success)
      throw new InvalidChallengeError({
        problem: 'the 402 body is not a valid v2 PaymentRequired',
        details: parsed.error.message,
      })
    return {
      offers: parsed.data.accepts.map((r) => fromRequirementsV2(r, parsed.data.resource)),
      extensions: parsed.data.extensions ?? undefined,
    }
  }
  const decoded = safeDecodePaymentRequiredV1Body(text)
  if (!decoded.success)
    throw new InvalidChallengeError({
      problem: 'the 402 body is not a valid x402 challenge',
      cause: decoded.error,
      issues: decoded.error.message,
    })
  return { offers: decoded.data.accepts.map(fromRequirementsV1) }
}
