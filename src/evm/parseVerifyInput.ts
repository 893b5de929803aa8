import { checksumAddress } from 'viem'
import type { Address, Hex } from 'viem'
import type { z } from 'zod'
import { fromPaymentPayload, fromRequirements } from '../codecs/normalize.js'
import type { Payment, Requirements } from '../codecs/normalize.js'
import type { Reason } from '../errors/reasons.js'
import type { ExactEvmPayload } from '../types/exactEvm.js'
import type { PaymentPayloadV1 } from '../types/v1.js'
import type { PaymentPayloadV2 } from '../types/v2.js'
import { safeParseWire, wireShapes } from './readWireFast.js'
import { toTransferAuthorization } from './toTransferAuthorization.js'
import type { TransferAuthorization, TransferDomain } from './types.js'

/** A well-formed exact-EVM payment and its requirements, read once, in the one shape (any version). */
export type ExactPayment = {
  readonly payment: Payment
  readonly requirements: Requirements
  /** The exact-EVM payload as parsed (wire strings). */
  readonly payload: ExactEvmPayload
  readonly authorization: TransferAuthorization
  readonly signature: Hex
  readonly payer: Address
}

/** The read payment, or the shape check it failed. */
export type ReadPaymentReturnType = { ok: true; payment: ExactPayment } | ({ ok: false } & CheckFailure)

/** What verification needs: the read payment, the verifier's clock and, once checked, the domain. */
export type VerifyContext = ExactPayment & {
  readonly now: bigint
  /** Set by the domain check. */
  domain?: TransferDomain
}

/** A failed check: its code, a message for people and, once known, the payer. */
export type CheckFailure = { readonly reason: Reason; readonly message: string; readonly payer?: Address }

export type ParseVerifyInputParameters = {
  readonly paymentPayload: unknown
  readonly paymentRequirements: unknown
  readonly x402Version?: unknown
  readonly now: number
}

const issues = (error: z.ZodError, prefix: string): string =>
  error.issues
    .slice(0, 3)
    .map((i) => `${prefix}${i.path.length > 0 ? `/${i.path.join('/')}` : ''}: ${i.message}`)
    .join('; ')

const maxCachedPayers = 4096
const payers = new Map<string, Address>()

/** The checksummed form of a well-formed address, cached (bounded): a verifier sees the same payers again. */
function payerOf(from: string): Address {
  const cached = payers.get(from)
  if (cached !== undefined) return cached
  const payer = checksumAddress(from as Address)
  if (payers.size >= maxCachedPayers) payers.clear()
  payers.set(from, payer)
  return payer
}

/**
 * The first three checks of verification (exact-evm.verify.version, .payload-shape,
 * .requirements-shape): reads untrusted input into a {@link VerifyContext} or says which check failed.
 */
export function parseVerifyInput(
  parameters: ParseVerifyInputParameters,
): { ok: true; context: VerifyContext } | ({ ok: false } & CheckFailure) {
  const { paymentPayload, paymentRequirements, x402Version } = parameters
  if (typeof paymentPayload !== 'object' || paymentPayload === null || Array.isArray(paymentPayload)) {
    return { ok: false, reason: 'invalid_payload', message: 'paymentPayload is not a JSON object' }
  }
  const version = (paymentPayload as { x402Version?: unknown }).x402Version
  if (version !== 1 && version !== 2)
    return {
      ok: false,
      reason: 'invalid_x402_version',
      message: `paymentPayload.x402Version is ${JSON.stringify(version) ?? 'absent'}, not 1 or 2`,
    }
  if (x402Version !== undefined && x402Version !== version) {
    return {
      ok: false,
      reason: 'invalid_x402_version',
      message: `request x402Version ${JSON.stringify(x402Version)} differs from paymentPayload.x402Version ${version}`,
    }
  }
  const envelope =
    version === 1
      ? safeParseWire(wireShapes.PaymentPayloadV1, paymentPayload)
      : safeParseWire(wireShapes.PaymentPayloadV2, paymentPayload)
  if (!envelope.success) return { ok: false, reason: 'invalid_payload', message: issues(envelope.error, 'paymentPayload') }
  const read = readPayment(envelope.data, paymentRequirements)
  if (!read.ok) return read
  const { payment, requirements, payload, authorization, signature, payer } = read.payment
  return { ok: true, context: { payment, requirements, payload, authorization, signature, payer, now: BigInt(parameters.now) } }
}

/**
 * Reads a payment envelope (already of its version's shape) and the requirements of the same version
 * into an {@link ExactPayment}: checks .payload-shape, then .requirements-shape. Never throws.
 */
export function readPayment(
  paymentPayload: PaymentPayloadV1 | PaymentPayloadV2,
  paymentRequirements: unknown,
): ReadPaymentReturnType {
  const exact = safeParseWire(wireShapes.ExactEvmPayload, paymentPayload.payload)
  if (!exact.success) return { ok: false, reason: 'invalid_payload', message: issues(exact.error, 'paymentPayload/payload') }
  const payer = payerOf(exact.data.authorization.from)
  const version = paymentPayload.x402Version
  const wireRequirements =
    version === 1
      ? safeParseWire(wireShapes.PaymentRequirementsV1, paymentRequirements)
      : safeParseWire(wireShapes.PaymentRequirementsV2, paymentRequirements)
  if (!wireRequirements.success) {
    return {
      ok: false,
      reason: 'invalid_payment_requirements',
      message: issues(wireRequirements.error, 'paymentRequirements'),
      payer,
    }
  }
  const payment = fromPaymentPayload(paymentPayload)
  return {
    ok: true,
    payment: {
      payment,
      requirements: fromRequirements(version, wireRequirements.data, payment.resource),
      payload: exact.data,
      authorization: toTransferAuthorization(exact.data.authorization),
      signature: exact.data.signature as Hex,
      payer,
    },
  }
}
