import type { ReasonCategory } from '../../src/errors/reasons.js'
import type { FacilitatorCallOptions, Paid, TestContext, Wire } from '../context/types.js'

/** The wire authorization inside a payment (`payload.payload.authorization`), to tamper with. */
export function wireAuthorization(paid: Paid): Wire {
  return (paid.payload['payload'] as Wire)['authorization'] as Wire
}

/** The wire `payload.payload` (signature and authorization). */
export function wireInner(paid: Paid): Wire {
  return paid.payload['payload'] as Wire
}

/**
 * Changes a requirements field on both sides of a payment: the requirements sent to the facilitator
 * and, in v2, the payload's `accepted` copy (so only the intended difference remains).
 */
export function setRequirement(paid: Paid, field: string, value: unknown): void {
  paid.requirements = { ...paid.requirements, [field]: value }
  if (paid.version === 2) paid.payload = { ...paid.payload, accepted: { ...(paid.payload['accepted'] as Wire), [field]: value } }
}

/** The amount field name of a version. */
export const amountField = (paid: Paid) => (paid.version === 1 ? 'maxAmountRequired' : 'amount')

/**
 * The payment is rejected by `/verify` and by `/settle` (which re-verifies), for a reason in
 * `category`, and nothing moves on chain.
 */
export async function expectRejectedEverywhere(
  t: TestContext,
  paid: Paid,
  category: ReasonCategory | readonly ReasonCategory[] | undefined,
  options: FacilitatorCallOptions = {},
): Promise<void> {
  const before = await t.ledger.snapshot(paid)
  t.expectInvalid(await t.verify(paid, options), category ?? [])
  t.expectNotSettled(await t.settle(paid, options), category ?? [])
  await t.ledger.expectUntouched(before)
}
