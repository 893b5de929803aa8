import { refusalCase, settlesCase, verifyRefusesCase } from './judge.js'
import type { RefusalRow } from './judge.js'

/** Balance: an unfunded payment never settles and costs the facilitator no broadcast. */
export const rows: readonly RefusalRow[] = [
  {
    id: 'facilitator.funds.empty-payer',
    clause: 'exact-evm.verify.balance',
    level: 'MUST',
    harm: 'funds',
    title: 'a payer with no balance is never settled, and nothing is broadcast',
    make: async (t) => t.pay({ payer: await t.payer(0n) }),
    reasons: ['insufficient_funds'],
  },
  {
    id: 'facilitator.funds.one-unit-short',
    clause: 'exact-evm.verify.balance',
    level: 'MUST',
    harm: 'funds',
    title: 'a payer one atomic unit short of the amount is never settled, and nothing is broadcast',
    make: async (t) => t.pay({ payer: await t.payer(9_999n) }),
    reasons: ['insufficient_funds'],
  },
]

export const cases = [
  ...rows.map(refusalCase),
  verifyRefusesCase({
    id: 'facilitator.funds.verify-refuses-unfunded',
    title: 'verify never answers valid for a payer who cannot cover the amount',
    stimuli: rows,
  }),
  settlesCase({
    id: 'facilitator.funds.exact-balance',
    clause: 'facilitator.settle.transfer-event',
    level: 'MUST',
    harm: 'funds',
    title: 'a payer holding exactly the amount settles and ends with a zero balance',
    make: async (t) => t.pay({ payer: await t.payer(10_000n) }),
  }),
]
