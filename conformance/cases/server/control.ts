import { defineCase } from '../../case.js'
import { expectServedAndCharged } from './outcomes.js'

/** Control case of a resource server: paying its own challenge is served, and the ledger balances. */
export const cases = [
  defineCase({
    id: 'server.control.pay',
    clause: 'http.server.receipt',
    level: 'MUST',
    harm: 'interop',
    role: 'server',
    versions: [1, 2],
    control: true,
    title: 'paying the challenge is served with a receipt, and the payer is charged exactly once',
    run: async (t) => {
      await expectServedAndCharged(t, await t.pay())
    },
  }),
]
