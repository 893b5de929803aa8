import { defineCase } from '../../case.js'
import type { Wire } from '../../context/types.js'

export const cases = [
  defineCase({
    id: 'server.matching.underpay',
    clause: 'http.server.match-offer',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a payment authorizing less than the offer is refused with 402 and nothing is charged',
    run: async (t) => {
      const paid = await t.pay({ authorization: { value: 1n } })
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(paid)
      t.check(res.status === 402, `expected 402, got ${res.status}`, { body: res.body })
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'server.matching.other-resource',
    clause: 'http.server.resource-binding',
    level: 'MUST',
    role: 'server',
    versions: [2],
    title: 'a v2 payment whose resource names another paid URL is refused with 402 and nothing is charged',
    run: async (t) => {
      const other = t.target.serverUrls.find((u) => u !== t.resourceUrl) ?? t.skip('the target has a single paid URL')
      const paid = await t.pay()
      paid.payload = { ...paid.payload, resource: { ...(paid.payload['resource'] as Wire), url: other } }
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(paid)
      t.check(res.status === 402, `a payment made for ${other} was answered ${res.status} at ${t.resourceUrl}`, { body: res.body })
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'server.matching.unoffered-not-forwarded',
    clause: 'http.server.match-offer',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a payment to a payTo the server never offered is refused with 402 without asking the facilitator',
    run: async (t) => {
      const stranger = '0x000000000000000000000000000000000000dEaD'
      const paid = await t.pay({ requirements: t.requirements({ payTo: stranger }) })
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(paid)
      t.check(res.status === 402, `expected 402, got ${res.status}`, { body: res.body })
      const calls = t.facilitatorCalls()
      t.check(calls.verify === 0 && calls.settle === 0, `the server asked the facilitator (${calls.verify} verify, ${calls.settle} settle) about a payment matching none of its offers`)
      await t.ledger.expectUntouched(before)
    },
  }),
]
