import { defineCase } from '../../case.js'
import type { Signer, TestContext } from '../../context/types.js'
import { payRoute, upfrontRoute } from './flow-routes.js'
import { expectNoPaidContent, isServed, receiptOf } from './helpers-server.js'
import { expectServedAndCharged, snapshotOf, transactionOf } from './outcomes.js'

/**
 * spec/09-flows.md §9.1, the `upfront` flow: settle first, then run the handler. Each case pays the
 * upfront route the offer that route itself answers with, and is judged by the ledger.
 */
/** Pays an upfront route (its failing one when `failing`) with its own offer; the answer and the ledger before it. */
async function sendUpfront(t: TestContext, failing: boolean, payer?: Signer) {
  const route = await upfrontRoute(t, failing)
  const paid = await payRoute(t, route, payer)
  const before = await snapshotOf(t, paid)
  const res = await t.fetchPaid(paid, { url: route.url })
  if (failing) t.check(!isServed(res.status), `the failing handler's answer became ${res.status}`, { body: res.body })
  return { paid, before, res }
}

export const cases = [
  defineCase({
    id: 'server.flows.upfront-served-charged',
    clause: 'flows.upfront.settle-first',
    level: 'MUST',
    harm: 'access',
    role: 'server',
    versions: [1, 2],
    title: 'an upfront route serves a correct payment with a successful receipt, charged exactly once',
    run: async (t) => {
      const route = await upfrontRoute(t, false)
      const paid = await payRoute(t, route)
      await expectServedAndCharged(t, paid, () => t.fetchPaid(paid, { url: route.url }))
    },
  }),
  defineCase({
    id: 'server.flows.upfront-refused-settlement',
    clause: 'flows.upfront.settle-first',
    level: 'MUST',
    harm: 'access',
    role: 'server',
    versions: [1, 2],
    title: 'an upfront route whose settlement is refused (the payer has no funds) serves nothing and charges nothing',
    run: async (t) => {
      const { before, res } = await sendUpfront(t, false, await t.payer(0n))
      t.check(!isServed(res.status), `an unfunded payment was answered ${res.status}`, { body: res.body })
      expectNoPaidContent(t, res.text, 'the answer to an unfunded payment')
      t.check(res.status < 500, `a refused payment was answered ${res.status}`, { body: res.body })
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'server.flows.upfront-unknown-settlement',
    clause: 'flows.upfront.settle-first',
    level: 'MUST',
    harm: 'access',
    role: 'server',
    versions: [1, 2],
    title: 'an upfront route whose facilitator fails to settle (500) serves nothing and never answers 402',
    run: async (t) => {
      t.hostile({ settle: 'error-500' })
      const { before, res } = await sendUpfront(t, false)
      t.check(!isServed(res.status), `a payment whose settlement failed was answered ${res.status}`, { body: res.body })
      expectNoPaidContent(t, res.text, 'the answer to a payment whose settlement failed')
      await t.ledger.expectUntouched(before)
      if (res.status === 402) t.info('answered 402 after a settle that failed (nothing moved; 502/503 is recommended)')
    },
  }),
  defineCase({
    id: 'server.flows.upfront-failure-receipt',
    clause: 'flows.upfront.failure-receipt',
    level: 'MUST',
    harm: 'funds',
    role: 'server',
    versions: [1, 2],
    title: "an upfront route's handler failure after settlement passes on its status with the receipt, charged once",
    run: async (t) => {
      const { before, res } = await sendUpfront(t, true)
      const receipt = receiptOf(t.version, res)
      const moved = (await t.ledger.transfersFrom(before)).length > 0
      if (!moved) {
        await t.ledger.expectUntouched(before)
        return t.info('the failed handler was not charged although the route declares upfront (flows.upfront.failure-charged)')
      }
      t.check(receipt?.['success'] === true, 'the payer was charged but the answer carries no successful receipt', {
        status: res.status,
        headers: res.headers,
      })
      // the handler's own status: a 402 after the charge asks a conforming client to pay again
      t.check(res.status !== 402, 'the payer was charged and the answer is a 402: a client pays again', { status: res.status })
      await t.ledger.expectPaid(before, transactionOf(receipt))
    },
  }),
  defineCase({
    id: 'server.flows.upfront-failure-charged',
    clause: 'flows.upfront.failure-charged',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'server',
    versions: [1, 2],
    title: "an upfront route's handler failure after settlement stays charged, as the route declares",
    run: async (t) => {
      const { before, res } = await sendUpfront(t, true)
      await t.ledger.expectPaid(before, transactionOf(receiptOf(t.version, res)))
    },
  }),
  defineCase({
    id: 'server.flows.failure-receipt-private',
    clause: 'flows.paid.private',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'server',
    versions: [1, 2],
    title: "an upfront route's failed answer that carries a receipt carries Cache-Control private or no-store",
    run: async (t) => {
      const { res } = await sendUpfront(t, true)
      if (receiptOf(t.version, res) === undefined) t.skip('the failed answer carries no receipt')
      const cache = res.headers['cache-control'] ?? ''
      t.check(/\b(private|no-store)\b/i.test(cache), `the answer with a receipt has Cache-Control "${cache}"`, {
        headers: res.headers,
      })
    },
  }),
]
