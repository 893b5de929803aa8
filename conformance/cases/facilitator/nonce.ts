import { defineCase } from '../../case.js'
import { expectNoMoneyMoved, noteReason } from './judge.js'

export const cases = [
  defineCase({
    id: 'facilitator.nonce.used-verify',
    clause: 'exact-evm.verify.nonce-unused',
    level: 'MUST',
    // the server runs its handler on a valid verify: a used authorization would buy the handler's work again
    harm: 'access',
    role: 'facilitator',
    versions: [1, 2],
    title: 'verify never answers valid for an authorization already settled on chain',
    run: async (t) => {
      const paid = await t.pay()
      t.expectSettled(await t.settle(paid))
      const o = await t.verify(paid)
      t.check(o.ok !== true, 'verify answered valid for an authorization already settled', { body: o.body })
      noteReason(t, o, ['nonce_used'])
    },
  }),
  defineCase({
    id: 'facilitator.nonce.sequential-replay',
    clause: 'facilitator.settle.one-success',
    level: 'MUST',
    // a second success lets a resource server serve a second response for one payment
    harm: 'access',
    role: 'facilitator',
    versions: [1, 2],
    title: 'settling the same authorization twice succeeds once and charges once',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const first = await t.settle(paid)
      t.expectSettled(first)
      const second = await t.settle(paid)
      t.check(second.ok !== true, 'the second settle of one authorization answered success', { body: second.body })
      noteReason(t, second, ['nonce_used'])
      await t.ledger.expectPaid(before, first.transaction)
    },
  }),
  defineCase({
    id: 'facilitator.nonce.replay-to-other-payee',
    clause: 'exact-evm.verify.nonce-unused',
    level: 'MUST',
    harm: 'funds',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a settled nonce signed again by the same payer for another payee is never settled, nothing is broadcast',
    run: async (t) => {
      const payer = await t.payer()
      const paid = await t.pay({ payer })
      t.expectSettled(await t.settle(paid))
      const otherPayee = (await t.payer(0n)).address
      const replay = await t.pay({
        payer,
        requirements: t.requirements({ payTo: otherPayee }),
        authorization: { nonce: paid.authorization.nonce },
      })
      await expectNoMoneyMoved(t, replay, ['nonce_used'])
    },
  }),
  defineCase({
    id: 'facilitator.nonce.concurrent-replay',
    clause: 'facilitator.settle.broadcast-once',
    level: 'MUST',
    // extra broadcasts revert at the facilitator's expense; two successes would serve twice for one payment
    harm: 'funds',
    role: 'facilitator',
    versions: [1, 2],
    exclusive: true,
    tags: ['race'],
    title: 'five concurrent settles of one authorization broadcast once and succeed once',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const results = await t.race(Array.from({ length: 5 }, () => () => t.settle(paid)))
      const outcomes = results.map((r) => (r.status === 'fulfilled' ? r.value : undefined))
      const wins = outcomes.filter((o) => o?.ok === true)
      const evidence = { outcomes: outcomes.map((o) => o && { status: o.status, body: o.body }) }
      t.check(wins.length === 1, `expected exactly one success among 5 concurrent settles, got ${wins.length}`, evidence)
      for (const o of outcomes) if (o && o.ok !== true) noteReason(t, o, ['nonce_used', 'transaction_failed'])
      await t.ledger.expectPaid(before, wins[0]!.transaction)
      const sent = await t.ledger.signerTransactions(before)
      if (sent !== undefined) t.check(sent === 1, `the facilitator broadcast ${sent} transactions for one authorization`)
    },
  }),
  defineCase({
    id: 'facilitator.nonce.distinct-concurrent',
    clause: 'facilitator.settle.nonce-management',
    level: 'MUST',
    // the facilitator cannot serve concurrent payers: correct payments fail and payees go unpaid
    harm: 'availability',
    role: 'facilitator',
    versions: [2],
    tags: ['concurrency'],
    title: 'eight concurrent settles of distinct authorizations all reach the chain',
    run: async (t) => {
      const payments = await Promise.all(Array.from({ length: 8 }, () => t.pay()))
      const snapshots = await Promise.all(payments.map((p) => t.ledger.snapshot(p)))
      const outcomes = await Promise.all(payments.map((p) => t.settle(p)))
      for (const o of outcomes) t.expectSettled(o)
      for (const [i, snapshot] of snapshots.entries()) await t.ledger.expectPaid(snapshot, outcomes[i]!.transaction)
    },
  }),
  defineCase({
    id: 'facilitator.nonce.verify-repeatable',
    clause: 'facilitator.verify.no-side-effects',
    level: 'MUST',
    harm: 'funds',
    role: 'facilitator',
    versions: [1, 2],
    title: 'verifying the same payment three times gives the same verdict and moves nothing on chain',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      for (let i = 0; i < 3; i++) t.expectValid(await t.verify(paid))
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'facilitator.nonce.cancelled',
    clause: 'exact-evm.verify.nonce-unused',
    level: 'MUST',
    harm: 'funds',
    role: 'facilitator',
    versions: [1, 2],
    title: 'an authorization whose nonce the payer cancelled on the token is never settled, nothing is broadcast',
    run: async (t) => {
      const paid = await t.pay()
      await t.cancelAuthorization(paid)
      await expectNoMoneyMoved(t, paid, ['nonce_used'])
    },
  }),
]
