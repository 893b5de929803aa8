import { defineCase } from '../../case.js'
import type { Paid, TestContext, Wire } from '../../context/types.js'
import { failingRouteOffer, payFailingRoute as payAnyFailingRoute, sameOffer } from './failing-route.js'
import { flowOf } from './flow-routes.js'
import { isServed, receiptOf } from './helpers-server.js'
import { expectServedAndCharged, snapshotOf } from './outcomes.js'

/**
 * http.server.settle-after-handler: "The server settles only after the handler answered with a status
 * below 400; a handler failure is passed on with its own status and nothing is settled." Each case
 * pays the failing route the offer that route answers with. The clause is the `authorization` flow's
 * (spec/09-flows.md): a failing route that declares `upfront` is charged by design, and is skipped.
 */

/** Skips a failing route whose offer declares the `upfront` flow. */
function authorizationOnly(t: TestContext, offer: Wire): void {
  if (flowOf(offer) === 'upfront')
    t.skip('the failing route declares extra.paymentFlow "upfront": a handler failure after settlement is charged by design')
}

/** A correct payment of the failing route's own offer, when that route is an `authorization` route. */
async function payFailingRoute(t: TestContext, options: { status?: number } = {}): Promise<{ url: string; paid: Paid }> {
  const route = await payAnyFailingRoute(t, options)
  authorizationOnly(t, route.paid.requirements)
  return route
}
export const cases = [
  defineCase({
    id: 'server.settlement.handler-failure-no-charge',
    clause: 'http.server.settle-after-handler',
    level: 'MUST',
    harm: 'funds',
    role: 'server',
    versions: [1, 2],
    title: 'when the handler fails with a 5xx, its status is passed on and the payer is not charged',
    run: async (t) => {
      const { url, paid } = await payFailingRoute(t)
      const before = await snapshotOf(t, paid)
      const res = await t.fetchPaid(paid, { url })
      t.check(res.status >= 500, `expected the handler's own 5xx, got ${res.status}`, { body: res.body })
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'server.settlement.handler-failure-no-receipt',
    clause: 'http.server.settle-after-handler',
    level: 'MUST',
    harm: 'funds',
    role: 'server',
    versions: [1, 2],
    title: 'when the handler fails, no settlement is attempted and the answer carries no receipt',
    run: async (t) => {
      const { url, paid } = await payFailingRoute(t)
      const before = await snapshotOf(t, paid)
      const res = await t.fetchPaid(paid, { url })
      t.check(res.status >= 400, `the failing handler's answer became ${res.status}`, { body: res.body })
      const receipt = receiptOf(t.version, res)
      t.check(receipt?.['success'] !== true, 'a failed handler answer carries a receipt claiming settlement', {
        headers: res.headers,
      })
      await t.ledger.expectUntouched(before)
      if (receipt !== undefined) t.info('the failed handler answer carries a receipt header (nothing was settled)')
      if (t.target.hostile && t.facilitatorCalls().settle > 0)
        t.info('the server asked the facilitator to settle after the handler failed')
    },
  }),
  defineCase({
    id: 'server.settlement.handler-failure-payment-reusable',
    clause: 'http.server.settle-after-handler',
    level: 'MUST',
    harm: 'funds',
    role: 'server',
    versions: [1, 2],
    title: 'a payment not settled because the handler failed still pays for the resource afterwards, charged once',
    run: async (t) => {
      const failing = await failingRouteOffer(t)
      authorizationOnly(t, failing.offer)
      if (!sameOffer(failing.offer, t.requirements())) t.skip('the failing route is priced differently from the paid URL')
      const paid = await t.pay()
      const onFailing =
        paid.version === 2 && failing.resource !== undefined ? { ...paid.payload, resource: failing.resource } : paid.payload
      const failed = await t.fetchPaid(undefined, { url: failing.url, header: t.encode(onFailing) })
      t.check(failed.status >= 400, `the failing handler's answer became ${failed.status}`)
      await expectServedAndCharged(t, paid)
    },
  }),
  defineCase({
    id: 'server.settlement.handler-4xx-no-charge',
    clause: 'http.server.settle-after-handler',
    level: 'MUST',
    harm: 'funds',
    role: 'server',
    versions: [1, 2],
    title: 'when the handler answers 404 after verification, the 404 is passed on without receipt and the payer is not charged',
    run: async (t) => {
      const { url, paid } = await payFailingRoute(t, { status: 404 })
      const before = await snapshotOf(t, paid)
      const res = await t.fetchPaid(paid, { url })
      if (res.status >= 500 || isServed(res.status))
        t.skip(`the failing route answered ${res.status}: it does not take '?status='`)
      t.check(res.status === 404, `expected the handler's own 404, got ${res.status}`, { body: res.body })
      t.check(receiptOf(t.version, res)?.['success'] !== true, 'the 404 carries a receipt claiming settlement', {
        headers: res.headers,
      })
      await t.ledger.expectUntouched(before)
    },
  }),
]
