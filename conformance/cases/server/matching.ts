import { defineCase } from '../../case.js'

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
]
