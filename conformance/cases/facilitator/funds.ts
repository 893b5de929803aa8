import { defineCase } from '../../case.js'
import { expectRejectedEverywhere } from '../helpers.js'

export const cases = [
  defineCase({
    id: 'facilitator.funds.empty-payer',
    clause: 'exact-evm.verify.balance',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a payer with no balance is rejected for insufficient funds, and nothing is broadcast',
    run: async (t) => {
      const payer = await t.payer(0n)
      const paid = await t.pay({ payer })
      await expectRejectedEverywhere(t, paid, 'insufficient_funds')
    },
  }),
  defineCase({
    id: 'facilitator.funds.one-unit-short',
    clause: 'exact-evm.verify.balance',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a payer one atomic unit short of the amount is rejected for insufficient funds',
    run: async (t) => {
      const payer = await t.payer(9_999n)
      const paid = await t.pay({ payer })
      await expectRejectedEverywhere(t, paid, 'insufficient_funds')
    },
  }),
  defineCase({
    id: 'facilitator.funds.exact-balance',
    clause: 'facilitator.settle.transfer-event',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a payer holding exactly the amount settles and ends with a zero balance',
    run: async (t) => {
      const payer = await t.payer(10_000n)
      const paid = await t.pay({ payer })
      const before = await t.ledger.snapshot(paid)
      const s = await t.settle(paid)
      t.expectSettled(s)
      await t.ledger.expectPaid(before, s.transaction)
    },
  }),
]
