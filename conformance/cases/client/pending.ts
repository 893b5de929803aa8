import type { ClientContext } from '../../client/context.js'
import { clientCases } from '../../client/defineClientCase.js'
import type { Play } from '../../client/endpoint.js'
import { expectChargedOnce } from '../../client/expect.js'
import { receiptHeader } from '../../client/offers.js'
import type { Offer } from '../../client/offers.js'

// A paid request whose settlement is pending (spec/09-flows.md §9.2–9.3), seen from the paying client.

/** Seconds the harness asks the client to wait before sending the same payment again. */
export const pendingRetryAfter = 1

/**
 * An honest endpoint whose first paid request is answered as a server answers a pending settlement: 503,
 * `Retry-After: 1` and a receipt `settlement_pending` naming the transaction. That transaction then confirms
 * (the harness charges the payment before answering). The same payment sent again is answered 200 with the
 * receipt of that settlement; any other payment is settled and served, as a server that does not recognise it
 * would: a client that signs again for the same request is charged twice.
 */
export function pendingFirst(c: ClientContext, accepts: readonly Offer[]): Play {
  const settled = new Map<string, Record<string, unknown>>()
  let first = true
  const served = (receipt: Record<string, unknown>) => ({
    status: 200,
    headers: { 'content-type': 'application/json', ...receiptHeader(c.version, receipt) },
    body: '{"paid":true}',
  })
  return async (hit, at) => {
    const a = hit.payment?.authorization
    if (hit.payment === undefined) return c.challenge(accepts, at.origin)
    const key = a === undefined ? undefined : `${a.from.toLowerCase()}:${a.nonce.toLowerCase()}`
    const known = key === undefined ? undefined : settled.get(key)
    if (known !== undefined) return served(known)
    const receipt = await c.settle(hit)
    if (key !== undefined && receipt['success'] === true) settled.set(key, receipt)
    if (first) {
      first = false
      const pending = { ...receipt, success: false, errorReason: 'settlement_pending' }
      return {
        status: 503,
        headers: {
          'content-type': 'application/json',
          'retry-after': `${pendingRetryAfter}`,
          ...receiptHeader(c.version, pending),
        },
        body: '{"error":"settlement_pending","settlement":"unknown"}',
      }
    }
    if (receipt['success'] !== true) return c.challenge(accepts, at.origin, { error: String(receipt['errorReason']) })
    return served(receipt)
  }
}

export const cases = clientCases('pending', { level: 'MUST', harm: 'funds' }, [
  [
    'charged-once',
    'http.client.retry-once',
    'a paid retry answered 503 settlement_pending (Retry-After: 1) that then confirms is charged once: the client sends the same payment again or nothing, never a second one',
    async (c) =>
      expectChargedOnce(c, await c.observe(pendingFirst(c, [c.offer()])), 'one logical request whose settlement was pending'),
  ],
])
