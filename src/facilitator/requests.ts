import { z } from 'zod'
import { VerifyRequestV1 } from '../types/v1.js'
import { VerifyRequestV2 } from '../types/v2.js'
import type { PaymentPayloadV1, PaymentRequirementsV1 } from '../types/v1.js'
import type { PaymentPayloadV2, PaymentRequirementsV2 } from '../types/v2.js'

/** A `/verify` or `/settle` body that has the envelope shape of its protocol version. */
export type FacilitatorRequest =
  | { ok: true; x402Version: 1; paymentPayload: PaymentPayloadV1; paymentRequirements: PaymentRequirementsV1; network: string; payer: string | undefined }
  | { ok: true; x402Version: 2; paymentPayload: PaymentPayloadV2; paymentRequirements: PaymentRequirementsV2; network: string; payer: string | undefined }

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

/**
 * Reads a `/verify` or `/settle` JSON body: the top-level `x402Version` picks the envelope schema
 * (v1 or v2); anything else is a {@link RequestProblem}. Never throws.
 */
export function parseFacilitatorRequest(body: unknown): FacilitatorRequest | RequestProblem {
  const network = pick(body, 'paymentRequirements', 'network')
  const payer = pick(body, 'paymentPayload', 'payload', 'authorization', 'from')
  const versioned = Versioned.safeParse(body)
  if (!versioned.success) {
    const isObject = typeof body === 'object' && body !== null && !Array.isArray(body)
    const version = isObject ? (body as Record<string, unknown>)['x402Version'] : undefined
    return {
      ok: false,
      x402Version: 2,
      reason: isObject && version !== undefined ? 'invalid_x402_version' : 'invalid_payload',
      message: isObject ? `x402Version must be 1 or 2, got ${JSON.stringify(version) ?? 'nothing'}` : 'request body must be a JSON object',
      network,
      payer,
    }
  }
  const version = versioned.data.x402Version
  const parsed = version === 1 ? VerifyRequestV1.safeParse(body) : VerifyRequestV2.safeParse(body)
  if (!parsed.success) {
    return { ok: false, x402Version: version, reason: 'invalid_payload', message: z.prettifyError(parsed.error).replace(/\n/g, '; '), network, payer }
  }
  const data = parsed.data as unknown as { paymentPayload: unknown; paymentRequirements: { network: string } }
  return { ok: true, x402Version: version, paymentPayload: data.paymentPayload, paymentRequirements: data.paymentRequirements, network: data.paymentRequirements.network, payer } as FacilitatorRequest
}

/** The string at `path` inside `value`, if there is one. */
function pick(value: unknown, ...path: string[]): string | undefined {
  let current = value
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return typeof current === 'string' ? current : undefined
}
