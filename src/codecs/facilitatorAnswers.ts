import type { SettleResponse, VerifyResponse } from '../types/responses.js'

/** Members a v2 answer may carry and a v1 answer does not. */
const v2Only = ['invalidMessage', 'errorMessage', 'amount', 'extensions'] as const

/**
 * A facilitator answer as the given protocol version writes it: v1 drops the v2-only members
 * (`invalidMessage`, `errorMessage`, `amount`, `extensions`); v2 keeps every member.
 *
 * @example
 * answerForVersion(1, { isValid: false, invalidReason: 'insufficient_funds', invalidMessage: '…' })
 * // { isValid: false, invalidReason: 'insufficient_funds' }
 */
export function answerForVersion<T extends VerifyResponse | SettleResponse>(x402Version: 1 | 2, answer: T): T {
  if (x402Version === 2) return answer
  const copy: Record<string, unknown> = { ...answer }
  for (const key of v2Only) delete copy[key]
  return copy as T
}
