import { defineCase } from '../../case.js'
import type { Harm, Level } from '../../case.js'
import type { TestContext } from '../../context/types.js'
import { expectPermit2Paid, refusalCases } from './permit2.js'
import { balances, expectPermit2Refused, permit2Env, permit2Pay, verifyOffered, type Permit2Paid } from './permit2-pay.js'

// spec/07-permit2.md for facilitators, the upto scheme: the client authorizes a maximum, the resource server
// settles the amount actually used (the settle-time requirements' amount). Skipped unless /supported lists upto.

const maximum = 10_000n

/** Settles `paid` at `amount` (the settle-time requirements; the payload's `accepted` keeps the maximum). */
const settleAt = (t: TestContext, paid: Permit2Paid, amount: bigint) =>
  t.settle(paid, { requirements: { ...paid.requirements, amount: amount.toString() } })

/** A verified upto payment of the maximum, and the balances before it is settled. */
async function verifiedAtMaximum(t: TestContext) {
  const paid = await permit2Pay(t, await permit2Env(t, 'upto'), { amount: maximum })
  t.expectValid(await verifyOffered(t, paid))
  return { paid, before: await balances(t, paid) }
}

type Charge = { name: string; amount: bigint; title: string }
const charges: readonly Charge[] = [
  { name: 'settle-below-max', amount: 2_350n, title: 'settling below the maximum charges exactly the settled amount' },
  { name: 'settle-at-max', amount: maximum, title: 'settling at the maximum charges exactly the maximum' },
]

const uptoCase = (o: {
  id: string
  clause: string
  level?: Level
  harm: Harm
  title: string
  run: (t: TestContext) => Promise<void>
}) =>
  defineCase({
    id: `facilitator.upto.${o.id}`,
    clause: o.clause,
    level: o.level ?? 'MUST',
    harm: o.harm,
    role: 'facilitator',
    versions: [2],
    tags: ['permit2', 'upto'],
    title: `upto: ${o.title}`,
    run: o.run,
  })

export const cases = [
  ...charges.map((c) =>
    uptoCase({
      id: c.name,
      clause: 'permit2.settle.upto-amount',
      harm: 'funds',
      title: `${c.title}, once, and answers that amount`,
      run: async (t) => {
        const { paid, before } = await verifiedAtMaximum(t)
        const settled = await settleAt(t, paid, c.amount)
        t.expectSettled(settled)
        const after = await balances(t, paid)
        t.check(before[0] - after[0] === c.amount, `the payer paid ${before[0] - after[0]}, expected ${c.amount}`)
        t.check(after[1] - before[1] === c.amount, `payTo received ${after[1] - before[1]}, expected ${c.amount}`)
        const answered = (settled.body as { amount?: unknown } | undefined)?.amount
        t.check(answered === c.amount.toString(), `the settle answer's amount is ${String(answered)}, ${c.amount} moved`)
      },
    }),
  ),
  uptoCase({
    id: 'settle-above-max',
    clause: 'permit2.settle.upto-at-most',
    harm: 'funds',
    title: 'a settlement above the authorized maximum is refused and charges nothing',
    run: async (t) => {
      const { paid, before } = await verifiedAtMaximum(t)
      const settled = await settleAt(t, paid, maximum + 1n)
      t.expectNotSettled(settled, ['amount_exceeds_authorized', 'amount_mismatch'])
      const after = await balances(t, paid)
      t.check(after[0] === before[0] && after[1] === before[1], 'tokens moved for a settlement above the maximum')
    },
  }),
  uptoCase({
    id: 'settle-zero',
    clause: 'permit2.settle.upto-zero',
    level: 'SHOULD',
    harm: 'hygiene',
    title: 'a settlement of 0 answers success with amount "0" and moves nothing',
    run: async (t) => {
      const { paid, before } = await verifiedAtMaximum(t)
      // sent raw: the requirements of amount "0" are this case's own; the answer names no transaction (allowed for "0")
      const body = { x402Version: 2, paymentPayload: paid.payload, paymentRequirements: { ...paid.requirements, amount: '0' } }
      const settled = await t.request('settle', { method: 'POST', body })
      const after = await balances(t, paid)
      t.check(after[0] === before[0] && after[1] === before[1], 'tokens moved for a settlement of 0')
      const answer = settled.body as { success?: unknown; amount?: unknown } | undefined
      t.check(answer?.success === true && answer.amount === '0', 'a settlement of 0 was not answered success with amount "0"', {
        body: settled.body,
      })
    },
  }),
  uptoCase({
    id: 'settled-twice',
    clause: 'permit2.verify.nonce-unused',
    harm: 'funds',
    title: 'a permit settled once (below its maximum) is not settled again for the rest',
    run: async (t) => {
      const paid = await permit2Pay(t, await permit2Env(t, 'upto'), { amount: maximum })
      t.expectValid(await verifyOffered(t, paid))
      t.expectSettled(await settleAt(t, paid, 2_000n))
      const before = await balances(t, paid)
      const second = await settleAt(t, paid, 3_000n)
      t.check(second.ok !== true, 'a second settle of one upto permit answered success', { body: second.body })
      const after = await balances(t, paid)
      t.check(after[0] === before[0], 'the second settle charged the payer again')
    },
  }),
  uptoCase({
    id: 'correct-settles-full',
    clause: 'permit2.settle.proxy',
    harm: 'funds',
    title: 'a correct upto payment settled at its own requirements verifies, settles and moves exactly the amount',
    run: async (t) => {
      await expectPermit2Paid(t, await permit2Pay(t, await permit2Env(t, 'upto'), { amount: 7_000n }))
    },
  }),
  uptoCase({
    id: 'witness-other-facilitator',
    clause: 'permit2.verify.upto-facilitator',
    harm: 'funds',
    title: 'a permit whose witness names another facilitator is refused, nothing moves',
    run: async (t) => {
      const env = await permit2Env(t, 'upto')
      const stranger = (await t.payer(0n)).address
      const paid = await permit2Pay(t, env, { mutate: (a) => ({ ...a, witness: { ...a.witness, facilitator: stranger } }) })
      await expectPermit2Refused(t, env, paid, ['spender_mismatch'])
    },
  }),
  ...refusalCases('upto'),
]
