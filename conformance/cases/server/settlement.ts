import { defineCase } from '../../case.js'

export const cases = [
  defineCase({
    id: 'server.settlement.replay-refused',
    clause: 'http.server.settle-failure',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a payment already used once is refused with 402 when replayed, and charged only once',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const first = await t.fetchPaid(paid)
      t.check(first.status >= 200 && first.status < 300, `the first use was answered ${first.status}`)
      const again = await t.fetchPaid(paid)
      t.check(again.status === 402, `the replay was answered ${again.status}, expected 402`, { body: again.body })
      await t.ledger.expectPaid(before)
    },
  }),
  defineCase({
    id: 'server.settlement.handler-failure-no-charge',
    clause: 'http.server.settle-after-handler',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'when the handler fails, its status is passed on and the payer is not charged',
    run: async (t) => {
      const url = t.target.failingUrl ?? t.skip('the target has no failing route')
      const paid = await t.pay()
      if (paid.version === 2) paid.payload = { ...paid.payload, resource: { ...(paid.payload['resource'] as object), url } }
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(paid, { url })
      t.check(res.status === 500, `expected the handler's own 500, got ${res.status}`, { body: res.body })
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'server.settlement.refused-not-served',
    clause: 'http.server.settle-failure',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'when the facilitator refuses the settlement, the answer is 402 with the failed receipt and no content',
    run: async (t) => {
      t.hostile({ settle: 'refuse' })
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(paid)
      t.check(res.status === 402, `a refused settlement was answered ${res.status}`, { body: res.body })
      const receipt = (t.version === 1 ? res.decoded['x-payment-response'] : res.decoded['payment-response']) as { success?: unknown } | undefined
      t.check(receipt?.success === false, 'the 402 does not carry the failed settlement response in the receipt header', { headers: res.headers })
      await t.ledger.expectUntouched(before)
    },
  }),
]
