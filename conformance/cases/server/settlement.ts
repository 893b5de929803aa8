import { defineCase } from '../../case.js'
import type { Wire } from '../../context/types.js'
import { expectRefusedByLedger, expectServedWithReceipt, isServed, lessThanPrice, receiptOf } from './helpers-server.js'
import { expectServedAndCharged, snapshotOf, transactionOf } from './outcomes.js'
import { must, should } from '../levels.js'

/** Settling: once per payment, never for a refused one (http.server.settle-failure, verify-first, receipt). */
export const cases = [
  defineCase({
    ...must('server', 'access'),
    id: 'server.settlement.replay-refused',
    clause: 'http.server.settle-failure',
    title: 'a payment already used once is refused when replayed, and charged only once',
    run: async (t) => {
      const paid = await t.pay()
      const { before } = await expectServedAndCharged(t, paid)
      await expectRefusedByLedger(t, await t.fetchPaid(paid))
      await t.ledger.expectPaid(before)
    },
  }),
  defineCase({
    ...must('server', 'access'),
    id: 'server.settlement.replay-other-path',
    clause: 'http.server.verify-first',
    title: 'a payment already used is refused at another paid URL of the same price, and charged only once',
    run: async (t) => {
      const other = t.target.serverUrls.find((u) => u !== t.resourceUrl) ?? t.skip('the target has a single paid URL')
      const paid = await t.pay()
      const { before } = await expectServedAndCharged(t, paid)
      if (paid.version === 2) paid.payload = { ...paid.payload, resource: { ...(paid.payload['resource'] as Wire), url: other } }
      await expectRefusedByLedger(t, await t.fetchPaid(paid, { url: other }))
      await t.ledger.expectPaid(before)
    },
  }),
  defineCase({
    ...must('server', 'access'),
    id: 'server.settlement.concurrent-same-payment',
    clause: 'http.server.settle-failure',
    exclusive: true,
    timeoutMs: 60_000,
    title: 'one payment sent twice at the same moment is served once and charged once',
    run: async (t) => {
      const paid = await t.pay()
      const before = await snapshotOf(t, paid)
      const results = await t.race([() => t.fetchPaid(paid), () => t.fetchPaid(paid)])
      const answers = results.map((r) => (r.status === 'fulfilled' ? r.value : t.fail(`a request failed: ${String(r.reason)}`)))
      const served = answers.filter((a) => isServed(a.status))
      t.check(served.length === 1, `${served.length} of the two identical requests were served`, {
        statuses: answers.map((a) => a.status),
      })
      await expectRefusedByLedger(t, answers.find((a) => !isServed(a.status))!)
      await t.ledger.expectPaid(before, transactionOf(receiptOf(t.version, served[0]!)))
    },
  }),
  defineCase({
    ...must('server', 'funds'),
    id: 'server.settlement.concurrent-distinct-payments',
    clause: 'http.server.receipt',
    title: 'three distinct payments sent together are each served with a receipt naming its own transaction',
    run: async (t) => {
      const paids = await Promise.all([t.pay(), t.pay(), t.pay()])
      const befores = await Promise.all(paids.map((p) => snapshotOf(t, p)))
      const answers = await Promise.all(paids.map((p) => t.fetchPaid(p)))
      const txs = answers.map((a) => transactionOf(expectServedWithReceipt(t, a)))
      t.check(new Set(txs).size === txs.length, `receipts of distinct payments name the same transaction: ${txs.join(', ')}`)
      for (const [i, b] of befores.entries()) await t.ledger.expectPaid(b, txs[i])
    },
  }),
  defineCase({
    ...must('server', 'access'),
    id: 'server.settlement.refused-not-served',
    clause: 'http.server.settle-failure',
    title: 'when the facilitator refuses the settlement, the paid content is not served and nothing is charged',
    run: async (t) => {
      t.hostile({ settle: 'refuse' })
      const paid = await t.pay()
      const before = await snapshotOf(t, paid)
      const res = await t.fetchPaid(paid)
      await expectRefusedByLedger(t, res, before)
      if (receiptOf(t.version, res)?.['success'] !== false)
        t.info('the refusal does not carry the failed settlement response in the receipt header')
    },
  }),
  defineCase({
    ...should('server'),
    id: 'server.settlement.refusal-no-store',
    clause: 'http.server.no-store',
    title: 'the 402 refusing a payment carries Cache-Control: no-store',
    run: async (t) => {
      const res = await t.fetchPaid(await t.pay({ authorization: { value: lessThanPrice(t) } }))
      t.check(res.status === 402, `expected 402, got ${res.status}`)
      t.check(
        /\bno-store\b/i.test(res.headers['cache-control'] ?? ''),
        `Cache-Control is '${res.headers['cache-control'] ?? ''}'`,
      )
    },
  }),
]
