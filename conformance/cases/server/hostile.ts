import { defineCase } from '../../case.js'
import type { HostileMode, TestContext } from '../../context/types.js'

/** With the facilitator misbehaving, a correct payment is never served and the answer is 502/503. */
const failClosed = (name: string, mode: HostileMode, title: string, charged: boolean) =>
  defineCase({
    id: `server.hostile.${name}`,
    clause: 'http.server.fail-closed',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title,
    timeoutMs: 60_000,
    run: async (t: TestContext) => {
      t.hostile(mode)
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(paid)
      t.check(res.status < 200 || res.status >= 300, `paid content was served (${res.status}) while the facilitator was ${JSON.stringify(mode)}`, { body: res.body })
      t.check(res.status === 502 || res.status === 503 || res.status === 402, `expected 502/503 (or 402), got ${res.status}`, { body: res.body })
      if (!charged) await t.ledger.expectUntouched(before)
    },
  })

export const cases = [
  failClosed('verify-down', { verify: 'down' }, 'a facilitator that drops the verify connection: nothing is served or charged', false),
  failClosed('settle-success-without-transaction', { settle: 'success-without-transaction' }, 'a facilitator claiming settlement without a transaction: nothing is served', false),
]
