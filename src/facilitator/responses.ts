/** The body of a `/verify` answer (v1 and v2 share it; `invalidMessage` is sent in v2 only). */
export type VerifyResponse = { isValid: boolean; invalidReason?: string; invalidMessage?: string; payer?: string }

/** The body of a `/settle` answer (`errorMessage` and `amount` are sent in v2 only). */
export type SettleResponse = {
  success: boolean
  errorReason?: string
  errorMessage?: string
  payer?: string
  transaction: string
  network: string
  amount?: string
}

/** A valid verification. */
export function verifyValid(payer: string): VerifyResponse {
  return { isValid: true, payer }
}

/** A rejected verification: reason, message (v2) and the payer when known. */
export function verifyInvalid(x402Version: 1 | 2, reason: string, message: string, payer: string | undefined): VerifyResponse {
  return {
    isValid: false,
    invalidReason: reason,
    ...(x402Version === 2 ? { invalidMessage: message } : {}),
    ...(payer === undefined ? {} : { payer }),
  }
}

/** A successful settlement. */
export function settleSuccess(x402Version: 1 | 2, transaction: string, network: string, payer: string, amount: string): SettleResponse {
  return { success: true, payer, transaction, network, ...(x402Version === 2 ? { amount } : {}) }
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
  return {
    success: false,
    errorReason: reason,
    ...(x402Version === 2 ? { errorMessage: message } : {}),
    ...(payer === undefined ? {} : { payer }),
    transaction,
    network,
  }
}
