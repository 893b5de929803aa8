import { InvalidTimeError } from '../errors/input.js'
import type { VerifyContext } from './parseVerifyInput.js'
import { parseVerifyInput } from './parseVerifyInput.js'
import { deferredNote, offlineChecks } from './offlineChecks.js'
import type { OfflineCheckOptions } from './offlineChecks.js'
import type { VerifyResult } from './types.js'

export type CheckPaymentOfflineParameters = OfflineCheckOptions & {
  readonly paymentPayload: unknown
  readonly paymentRequirements: unknown
  readonly x402Version?: 1 | 2 | undefined
  readonly now: number
}

/** The offline verdict and, when the input was well-formed, the context the on-chain layer goes on with. */
export type CheckPaymentOfflineReturnType = { readonly result: VerifyResult; readonly context: VerifyContext | undefined }

/**
 * Runs the offline checks in order and stops at the first failure; also hands back the parsed
 * context (used by the on-chain layer to continue). Never throws for bad input; throws an
 * {@link InvalidTimeError} when `now` is not unix seconds (API misuse).
 */
export function checkPaymentOffline(parameters: CheckPaymentOfflineParameters): CheckPaymentOfflineReturnType {
  assertUnixSeconds(parameters.now)
  const parsed = parseVerifyInput(parameters)
  if (!parsed.ok) {
    const { reason, message, payer } = parsed
    return {
      result: { isValid: false, invalidReason: reason, invalidMessage: message, ...(payer === undefined ? {} : { payer }) },
      context: undefined,
    }
  }
  return { result: runOfflineChecks(parsed.context, parameters), context: parsed.context }
}

/** Runs the offline checks after the shape checks, in order; the first failure is the verdict. */
export function runOfflineChecks(context: VerifyContext, options: OfflineCheckOptions): VerifyResult {
  for (const check of offlineChecks) {
    const outcome = check.run(context, options)
    if (outcome === undefined) continue
    const base = { isValid: false, invalidReason: check.reason, payer: context.payer } as const
    if (typeof outcome === 'string') return { ...base, invalidMessage: outcome }
    const { signatureProblem } = outcome
    return { ...base, invalidMessage: `${signatureProblem}${deferredNote}`, deferred: true, signatureProblem }
  }
  return { isValid: true, payer: context.payer }
}

/** Throws an {@link InvalidTimeError} when `now` is not unix seconds (API misuse). */
export function assertUnixSeconds(now: number): void {
  if (!Number.isSafeInteger(now) || now < 0) {
    throw new InvalidTimeError({ what: 'verify: `now`', value: now })
  }
}
