import type { SettleResponse } from '../types/responses.js'

/**
 * `upto` pricing (spec/07-permit2.md, 7.6): the payer authorizes the route's maximum, the handler runs, and the
 * handler names the amount actually used in the `Settlement-Overrides` response header, as upstream's servers
 * read it: JSON `{ "amount": "<atomic units>" }`. The paywall settles that amount (the settle-time requirements'
 * `amount`) and removes the header before the answer leaves.
 */

/** The response header in which a handler names the amount to charge. */
export const settlementOverridesHeader = 'settlement-overrides'

/** What the paywall settles for an upto route: an amount, or the handler's mistake (nothing is charged). */
export type UptoCharge = { amount: bigint; clamped: boolean } | { problem: string }

/**
 * The amount to settle after the handler answered `response`, for an authorized `maximum`: the header's amount;
 * the maximum when the handler names none (upstream's default); the maximum, never more, when it names more (the
 * payer authorized the maximum, a larger amount would not settle, and withholding the answer would serve
 * nothing for a payment the payer agreed to); a problem when the header is not an atomic amount.
 */
export function uptoCharge(response: Response, maximum: bigint): UptoCharge {
  const raw = response.headers.get(settlementOverridesHeader)
  if (raw === null) return { amount: maximum, clamped: false }
  let amount: unknown
  try {
    amount = (JSON.parse(raw) as { amount?: unknown } | null)?.amount
  } catch {
    return { problem: 'the Settlement-Overrides header is not JSON' }
  }
  if (amount === undefined) return { amount: maximum, clamped: false }
  if (typeof amount !== 'string' || !/^(?:0|[1-9][0-9]{0,77})$/.test(amount))
    return { problem: `the settlement amount must be an atomic integer string, got ${JSON.stringify(amount)}` }
  const asked = BigInt(amount)
  return asked > maximum ? { amount: maximum, clamped: true } : { amount: asked, clamped: false }
}

/**
 * The receipt of a charge of 0: nothing is settled (no /settle call, no transaction; the permit expires unused),
 * as the upto scheme's settlement of 0 is answered.
 */
export function zeroReceipt(network: string): SettleResponse {
  return { success: true, transaction: '', network, amount: '0' }
}

/** `response` without the `Settlement-Overrides` header (it is for the paywall, not for the client). */
export function withoutOverrides(response: Response): Response {
  if (!response.headers.has(settlementOverridesHeader)) return response
  const h = new Headers(response.headers)
  h.delete(settlementOverridesHeader)
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: h })
}
