import { defineCase } from '../../case.js'

/** Control cases: if a correct payment does not verify and settle, negative results mean nothing. */
export const cases = [
  defineCase({
    id: 'facilitator.control.verify',
    clause: 'facilitator.verify.valid',
    level: 'MUST',
    // a correct payment refused: no payer can pay through this facilitator
    harm: 'interop',
    role: 'facilitator',
    versions: [1, 2],
    control: true,
    title: 'a correct payment verifies and names its payer',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const outcome = await t.verify(paid)
      t.expectValid(outcome)
      t.check(
        outcome.payer?.toLowerCase() === paid.payer.address.toLowerCase(),
        `payer is ${outcome.payer}, expected ${paid.payer.address}`,
      )
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'facilitator.control.settle',
    clause: 'facilitator.settle.transfer-event',
    level: 'MUST',
    harm: 'funds',
    role: 'facilitator',
    versions: [1, 2],
    control: true,
    title: 'a correct payment settles: the payer loses exactly the amount, payTo gains it, once',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const outcome = await t.settle(paid)
      t.expectSettled(outcome)
      await t.ledger.expectPaid(before, outcome.transaction)
    },
  }),
]
