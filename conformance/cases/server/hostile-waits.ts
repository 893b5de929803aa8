import type { Hex } from 'viem'
import { defineCase } from '../../case.js'
import { originAndPath, paymentHeader, rawRequest } from './helpers-server.js'
import { snapshotOf } from './outcomes.js'

/**
 * http.server.settle-wait: the facilitator takes the payment (the authorization is executed on chain) and
 * then never answers the settle. The payer is charged whatever the server does next; what counts is that
 * the server lets go of the request within its bound, and does not answer 402 (an invitation to pay again).
 */

/** The longest a server may hold a request whose settle does not come back. */
const boundMs = 30_000
/** What the harness waits beyond the bound before calling it a hang (a loaded machine answers late). */
const graceMs = 5_000
/** How long the harness listens: past the bound and its grace, so that a late answer is seen as late, not as none. */
const listenMs = boundMs + graceMs + 15_000

export const cases = [
  defineCase({
    id: 'server.hostile-waits.settle-hang-bounded',
    clause: 'http.server.settle-wait',
    level: 'MUST',
    harm: 'funds',
    role: 'server',
    versions: [1, 2],
    title: 'a facilitator that settles and then never answers: the server answers within 30 s, and not with 402',
    timeoutMs: listenMs + 30_000,
    run: async (t) => {
      const paid = await t.pay()
      let charged: Hex | undefined
      // The payment moves before the settle hangs: the harness executes the authorization itself.
      t.hostile({
        settle: 'slow',
        beforeSettle: async () => {
          charged = await t.frontRun(paid)
        },
      })
      const before = await snapshotOf(t, paid)
      const { origin, path } = originAndPath(t.resourceUrl)
      const started = performance.now()
      const res = await rawRequest(origin, path, {
        headers: { [paymentHeader(t.version)]: t.encode(paid.payload) },
        timeoutMs: listenMs,
      })
      const ms = Math.round(performance.now() - started)
      if (charged === undefined) t.skip('the server did not ask the harness facilitator to settle (nothing was charged)')
      await t.ledger.expectPaid(before, charged)
      t.check(res.status !== 0, `no answer within ${listenMs / 1000} s after the payer was charged`, {
        error: res.error,
      })
      t.check(ms <= boundMs + graceMs, `answered after ${ms} ms; the bound is ${boundMs} ms`, { status: res.status })
      t.check(res.status !== 402, 'answered 402 after the payer was charged: the client is invited to pay a second time', {
        status: res.status,
        body: res.text.slice(0, 500),
      })
      t.info(`answered ${res.status} after ${ms} ms`)
    },
  }),
]
