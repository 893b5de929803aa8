import { answerForVersion } from '../codecs/facilitatorAnswers.js'
import type { SettleResponse, VerifyResponse } from '../types/responses.js'

/** A valid verification. */
export function verifyValid(payer: string): VerifyResponse {
  return { isValid: true, payer }
}

/** A rejected verification: reason, message (v2) and the payer when known. */
export function verifyInvalid(x402Version: 1 | 2, reason: string, message: string, payer: string | undefined): VerifyResponse {
  return answerForVersion(x402Version, {
    isValid: false,
    invalidReason: reason,
    invalidMessage: message,
    ...(payer === undefined ? {} : { payer }),
  })
}

/** A successful settlement. */
export function settleSuccess(
  x402Version: 1 | 2,
  transaction: string,
  network: string,
  payer: string,
  amount: string,
): SettleResponse {
  return answerForVersion(x402Version, { success: true, payer, transaction, network, amount })
}

/** A failed settlement; `transaction` is the hash when one was broadcast, otherwise "". */
export function settleFailure(
  x402Version: 1 | 2,
  reason: string,
  message: string,
  network: string,
  payer: string | undefined,
  transaction = '',
): SettleResponse {
  const answer = {
    success: false,
    errorReason: reason,
    errorMessage: message,
    ...(payer === undefined ? {} : { payer }),
    transaction,
    network,
  }
  return answerForVersion(x402Version, answer)
}
