import { z } from 'zod'
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

/**
 * Reads a `/verify` or `/settle` JSON body: the top-level `x402Version` picks the envelope schema
 * (v1 or v2); anything else is a {@link RequestProblem}. Never throws.
 */
export function parseFacilitatorRequest(body: unknown): FacilitatorRequest | RequestProblem {
  const hints = Hints.safeParse(body)
  const network = hints.data?.paymentRequirements?.network
  const payer = hints.data?.paymentPayload?.payload?.authorization?.from
  const versioned = Versioned.safeParse(body)
  if (!versioned.success) {
    return {
      ok: false,
      x402Version: 2,
      reason: hints.success && hints.data.x402Version !== undefined ? 'invalid_x402_version' : 'invalid_payload',
      message: hints.success
        ? `x402Version must be 1 or 2, got ${JSON.stringify(hints.data.x402Version) ?? 'nothing'}`
        : 'request body must be a JSON object',
      network,
      payer,
    }
  }
  const version = versioned.data.x402Version
  const parsed = version === 1 ? VerifyRequestV1.safeParse(body) : VerifyRequestV2.safeParse(body)
  if (!parsed.success) {
    const message = z.prettifyError(parsed.error).replace(/\n/g, '; ')
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
