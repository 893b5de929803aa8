import type { InvalidTimeError } from '../errors/input.js'
import { checkPaymentOffline } from './checkPaymentOffline.js'
import type { OfflineCheckOptions } from './offlineChecks.js'
import type { VerifyResult } from './types.js'

export type VerifyPaymentOfflineParameters = OfflineCheckOptions & {
  /** The payment payload as received (untrusted; any value). */
  readonly paymentPayload: unknown
  /** The requirements the server offered (untrusted; any value). */
  readonly paymentRequirements: unknown
  /** The version of the enclosing request, when there is one; must equal the payload's. */
  readonly x402Version?: 1 | 2 | undefined
  /** The verifier's clock, unix seconds. */
  readonly now: number
}
export type VerifyPaymentOfflineReturnType = VerifyResult
export type VerifyPaymentOfflineErrorType = InvalidTimeError

/**
 * Verifies an exact-EVM payment without a chain: shape, version, scheme, network, `accepted`,
 * asset, domain, recipient, amount, time window and the EOA signature, in that order; the first
 * failure is returned with its canonical code. A signature that is not a valid EOA signature of
 * `from` is reported invalid with `deferred: true` (a contract signer may still accept it:
 * {@link verifyPayment} decides). Never throws for bad input; throws an {@link InvalidTimeError} when
 * `now` is not a unix time.
 *
 * @example
 * const result = verifyPaymentOffline({ paymentPayload, paymentRequirements, now: Math.floor(Date.now() / 1000) })
 * if (!result.isValid) console.log(result.invalidReason)
 */
export function verifyPaymentOffline(parameters: VerifyPaymentOfflineParameters): VerifyPaymentOfflineReturnType {
  return checkPaymentOffline(parameters).result
}
