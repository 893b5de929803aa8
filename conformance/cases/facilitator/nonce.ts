import { defineCase } from '../../case.js'
import { expectRejectedEverywhere } from '../helpers.js'


export const cases = [
  defineCase({
    id: 'facilitator.nonce.used-verify',
    clause: 'exact-evm.verify.nonce-unused',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'an authorization already settled on chain is rejected by verify as nonce used',
    run: async (t) => {
      const paid = await t.pay()
      t.expectSettled(await t.settle(paid))
      const before = await t.ledger.snapshot(paid)
      t.expectInvalid(await t.verify(paid), 'nonce_used')
      t.check((await t.ledger.transfersFrom(before)).length === 0, 'a transfer from the payer happened after the first settlement')
    },
  }),
  defineCase({
    id: 'facilitator.nonce.sequential-replay',
    clause: 'facilitator.settle.one-success',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'settling the same authorization twice charges once; the second is refused as nonce used',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const first = await t.settle(paid)
      t.expectSettled(first)
      t.expectNotSettled(await t.settle(paid), 'nonce_used')
      await t.ledger.expectPaid(before, first.transaction)
    },
  }),
  defineCase({
    id: 'facilitator.nonce.replay-to-other-payee',
    clause: 'exact-evm.verify.nonce-unused',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a settled authorization replayed under fresh requirements (same terms) is refused',
    run: async (t) => {
      const paid = await t.pay()
      t.expectSettled(await t.settle(paid))
      const replay = { ...paid, requirements: { ...paid.requirements, description: 'another resource' } }
      const before = await t.ledger.snapshot(replay)
      t.expectNotSettled(await t.settle(replay), 'nonce_used')
      t.check((await t.ledger.transfersFrom(before)).length === 0, 'the replay moved funds')
    },
  }),
  defineCase({
    id: 'facilitator.nonce.concurrent-replay',
    clause: 'facilitator.settle.broadcast-once',
    level: 'MUST',
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
      t.check(wins.length === 1, `expected exactly one success among 5 concurrent settles, got ${wins.length}`, { outcomes: outcomes.map((o) => o && { status: o.status, body: o.body }) })
      for (const o of outcomes) if (o && o.ok !== true) t.expectNotSettled(o, ['nonce_used', 'transaction_failed'])
      await t.ledger.expectPaid(before, wins[0]!.transaction)
      const sent = await t.ledger.signerTransactions(before)
      if (sent !== undefined) t.check(sent === 1, `the facilitator broadcast ${sent} transactions for one authorization`)
    },
  }),
  defineCase({
    id: 'facilitator.nonce.distinct-concurrent',
    clause: 'facilitator.settle.nonce-management',
    level: 'MUST',
    role: 'facilitator',
    versions: [2],
    tags: ['concurrency'],
    title: 'eight concurrent settles of distinct authorizations all reach the chain',
    run: async (t) => {
      const payments = await Promise.all(Array.from({ length: 8 }, () => t.pay()))
      const snapshots = await Promise.all(payments.map((p) => t.ledger.snapshot(p)))
      const outcomes = await Promise.all(payments.map((p) => t.settle(p)))
      outcomes.forEach((o) => t.expectSettled(o))
      for (let i = 0; i < payments.length; i++) await t.ledger.expectPaid(snapshots[i]!, outcomes[i]!.transaction)
    },
  }),
  defineCase({
    id: 'facilitator.nonce.verify-repeatable',
    clause: 'facilitator.verify.no-side-effects',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'verifying the same payment three times gives the same verdict and changes nothing on chain',
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
    role: 'facilitator',
    versions: [1, 2],
    title: 'an authorization whose nonce the payer cancelled on the token is rejected as nonce used',
    run: async (t) => {
      const paid = await t.pay()
      await t.cancelAuthorization(paid)
      await expectRejectedEverywhere(t, paid, 'nonce_used')
    },
  }),
]
