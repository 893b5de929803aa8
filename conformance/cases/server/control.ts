import { defineCase } from '../../case.js'

/** Control case of a resource server: paying its own challenge is served, and the ledger balances. */
export const cases = [
  defineCase({
    id: 'server.control.pay',
    clause: 'http.server.receipt',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    control: true,
    title: 'paying the challenge is served with a receipt, and the payer is charged exactly once',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(paid)
      t.check(res.status >= 200 && res.status < 300, `expected 2xx for a correct payment, got ${res.status}`, { status: res.status, body: res.body })
      const receiptName = t.version === 1 ? 'x-payment-response' : 'payment-response'
      const receipt = res.decoded[receiptName] as { success?: unknown; transaction?: unknown } | undefined
      t.check(receipt?.success === true, `the ${receiptName} header must carry a successful settlement`, { headers: res.headers })
      await t.ledger.expectPaid(before, typeof receipt?.transaction === 'string' ? receipt.transaction : undefined)
    },
  }),
]
