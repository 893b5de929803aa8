import { z } from 'zod'
import { exceedsJsonDepth, maxJsonDepth, previewJson } from '../codecs/jsonDepth.js'
import { VerifyRequestV1 } from '../types/v1.js'
import { VerifyRequestV2 } from '../types/v2.js'
import type { PaymentPayloadV1, PaymentRequirementsV1 } from '../types/v1.js'
import type { PaymentPayloadV2, PaymentRequirementsV2 } from '../types/v2.js'
import { readPayment } from './evm.js'
import type { ReadPayment } from './evm.js'

type Read = { read: ReadPayment; network: string; payer: string | undefined }

/**
 * A `/verify` or `/settle` body that has the envelope shape of its protocol version, with the
 * exact-EVM payment read once (`read`: the payment, or why it is not well-formed: a 200 verdict).
 */
export type FacilitatorRequest =
  | ({ ok: true; x402Version: 1; paymentPayload: PaymentPayloadV1; paymentRequirements: PaymentRequirementsV1 } & Read)
  | ({ ok: true; x402Version: 2; paymentPayload: PaymentPayloadV2; paymentRequirements: PaymentRequirementsV2 } & Read)

/** Why a body is not a request: answered 400 with an `invalid_payload`-class reason. */
export type RequestProblem = {
  ok: false
  x402Version: 1 | 2
  reason: 'invalid_payload' | 'invalid_x402_version'
  message: string
  network: string | undefined
  payer: string | undefined
}

const Versioned = z.looseObject({ x402Version: z.union([z.literal(1), z.literal(2)]) })

/** Best-effort reading of a malformed body: its network and payer, for the answer. */
const lenient = <T extends z.ZodType>(type: T) => type.optional().catch(undefined)
const Hints = z.object({
  x402Version: z.unknown(),
  paymentRequirements: lenient(z.object({ network: lenient(z.string()) })),
  paymentPayload: lenient(
    z.object({ payload: lenient(z.object({ authorization: lenient(z.object({ from: lenient(z.string()) })) })) }),
  ),
})

/** Options of {@link parseFacilitatorRequest}. */
export type ParseFacilitatorRequestOptions = {
  /** Deepest nesting of objects and arrays accepted (default {@link maxJsonDepth}); deeper bodies are refused unread. */
  readonly maxDepth?: number
}

const maxMessage = 1_000
/** A string from an untrusted body short enough to echo in an answer (a network name, an address). */
const bounded = (value: string | undefined): string | undefined =>
  value !== undefined && value.length <= 100 ? value : undefined

const payloadVersion = (body: unknown): unknown => {
  if (typeof body !== 'object' || body === null) return undefined
  const payload = (body as { paymentPayload?: unknown }).paymentPayload
  return typeof payload === 'object' && payload !== null ? (payload as { x402Version?: unknown }).x402Version : undefined
}

/**
 * A body without a top-level `x402Version` (the shape of the upstream v2 body example) takes the
 * version of its `paymentPayload`; any other body is returned as it is.
 */
function withInferredVersion(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || 'x402Version' in body) return body
  const version = payloadVersion(body)
  return version === 1 || version === 2 ? { ...body, x402Version: version } : body
}

/**
 * Reads a `/verify` or `/settle` JSON body: the top-level `x402Version` (or, when the body omits it,
 * the payload's) picks the envelope schema (v1 or v2); anything else is a {@link RequestProblem}.
 * A body nested deeper than `maxDepth` is refused before any schema walks it. Never throws.
 */
export function parseFacilitatorRequest(
  input: unknown,
  options: ParseFacilitatorRequestOptions = {},
): FacilitatorRequest | RequestProblem {
  const maxDepth = options.maxDepth ?? maxJsonDepth
  if (exceedsJsonDepth(input, maxDepth)) {
    const message = `request body nests objects or arrays deeper than ${maxDepth} levels`
    return { ok: false, x402Version: 2, reason: 'invalid_payload', message, network: undefined, payer: undefined }
  }
  const body = withInferredVersion(input)
  const hints = Hints.safeParse(body)
  const network = bounded(hints.data?.paymentRequirements?.network)
  const payer = bounded(hints.data?.paymentPayload?.payload?.authorization?.from)
  const versioned = Versioned.safeParse(body)
  if (!versioned.success) {
    return {
      ok: false,
      x402Version: 2,
      reason: hints.success && hints.data.x402Version !== undefined ? 'invalid_x402_version' : 'invalid_payload',
      message: hints.success
        ? `x402Version must be 1 or 2, got ${previewJson(hints.data.x402Version)}`
        : 'request body must be a JSON object',
      network,
      payer,
    }
  }
  const version = versioned.data.x402Version
  const parsed = version === 1 ? VerifyRequestV1.safeParse(body) : VerifyRequestV2.safeParse(body)
  if (!parsed.success) {
    const issues = z.prettifyError(parsed.error).replace(/\n/g, '; ')
    const message = issues.length <= maxMessage ? issues : `${issues.slice(0, maxMessage - 1)}…`
    return { ok: false, x402Version: version, reason: 'invalid_payload', message, network, payer }
  }
  const { paymentPayload, paymentRequirements } = parsed.data
  const read = readPayment(paymentPayload, paymentRequirements)
  const readPayer = read.ok ? read.payment.payer : (read.payer ?? payer)
  const common = { ok: true, network: paymentRequirements.network, payer: readPayer, read } as const
  const { data } = parsed
  return data.x402Version === 1
    ? { ...common, x402Version: 1, paymentPayload: data.paymentPayload, paymentRequirements: data.paymentRequirements }
    : { ...common, x402Version: 2, paymentPayload: data.paymentPayload, paymentRequirements: data.paymentRequirements }
}
