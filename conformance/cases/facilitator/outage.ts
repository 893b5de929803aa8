import { categoryOf } from '../../../src/errors/reasons.js'
import { defineCase } from '../../case.js'
import type { Outcome, TestContext } from '../../context/types.js'

/** With its chain unreachable the facilitator answers an `unexpected` verdict (any status), never a success. */
function expectUnexpected(t: TestContext, o: Outcome, what: string): void {
  t.check(o.ok !== true, `${what} succeeded while the facilitator could not reach its chain`, { status: o.status, body: o.body })
  t.check(!o.error, `${what}: no answer at all (${o.error ?? ''}); a verdict with an unexpected_* reason is required`)
  const category = o.reason === undefined ? undefined : categoryOf(o.reason)
  t.check(
    category === 'unexpected',
    `${what} answered reason '${String(o.reason)}' (category ${String(category)}), expected the unexpected category`,
    { status: o.status, body: o.body },
  )
  t.info(`${what}: HTTP ${o.status}, reason '${String(o.reason)}'`)
}

export const cases = [
  defineCase({
    id: 'facilitator.outage.verify',
    clause: 'exact-evm.verification.unexpected',
    level: 'SHOULD',
    // with the chain down the settle that follows fails too: nothing is paid or served on a wrong verdict
    harm: 'hygiene',
    role: 'facilitator',
    versions: [2],
    exclusive: true,
    title: 'with its chain unreachable, verify of a correct payment answers unexpected_verify_error, never isValid true',
    run: async (t) => {
      const paid = await t.pay()
      const o = await t.rpcOutage(() => t.verify(paid))
      expectUnexpected(t, o, '/verify')
      t.expectValid(await t.verify(paid))
    },
  }),
  defineCase({
    id: 'facilitator.outage.settle',
    clause: 'exact-evm.settle.unexpected',
    level: 'MUST',
    // a success the chain does not back lets the resource server serve what was never paid
    harm: 'access',
    role: 'facilitator',
    versions: [2],
    exclusive: true,
    title:
      'with its chain unreachable, settle of a correct payment is not a success, and the payment settles once the chain is back',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const o = await t.rpcOutage(() => t.settle(paid))
      t.check(o.ok !== true, '/settle answered success while the facilitator could not reach its chain', {
        status: o.status,
        body: o.body,
      })
      t.info(
        `/settle during the outage: HTTP ${o.status}, reason '${String(o.reason)}' (unexpected_settle_error is the clause's)`,
      )
      const later = await t.settle(paid)
      t.expectSettled(later)
      await t.ledger.expectPaid(before, later.transaction)
    },
  }),
]
