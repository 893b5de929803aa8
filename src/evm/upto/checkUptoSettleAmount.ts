import type { Reason } from '../../errors/reasons.js'

export type CheckUptoSettleAmountParameters = {
  /** `permitted.amount` of the verified permit: the maximum the payer authorized. */
  readonly authorized: bigint
  /** The `amount` of the settlement-time requirements: what the resource server charges. */
  readonly amount: bigint
}
export type CheckUptoSettleAmountReturnType =
  | { readonly ok: true; readonly broadcast: boolean }
  | { readonly ok: false; readonly reason: Reason; readonly message: string }

/**
 * Judges an upto settlement amount before anything is broadcast (permit2.settle.upto-at-most,
 * permit2.settle.upto-zero): above the maximum is refused; zero settles without a transaction.
 *
 * @example
 * const check = checkUptoSettleAmount({ authorized: 5_000_000n, amount: 2_350_000n }) // { ok: true, broadcast: true }
 */
export function checkUptoSettleAmount(p: CheckUptoSettleAmountParameters): CheckUptoSettleAmountReturnType {
  if (p.amount > p.authorized) {
    const message = `settlement amount ${p.amount} exceeds the authorized maximum ${p.authorized}`
    return { ok: false, reason: 'invalid_upto_evm_payload_settlement_exceeds_amount', message }
  }
  return { ok: true, broadcast: p.amount > 0n }
}
