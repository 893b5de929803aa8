import fc from 'fast-check'
import type { Address } from 'viem'
import type { Permit2Authorization, Permit2Kind } from '../../../src/evm/permit2/index.js'
import { defineCase } from '../../case.js'
import { expectPermit2Paid } from './permit2.js'
import { balances, permit2Env, permit2Pay, permit2Payer, verifyOffered } from './permit2-pay.js'

// Property cases of spec/07-permit2.md: generated valid payments settle and balance; a payment with one field of the
// signed permit changed after signing is never valid and never moves money.

type Field = { field: string; apply(a: Permit2Authorization, other: Address): Permit2Authorization }
const fields: readonly Field[] = [
  { field: 'spender', apply: (a, other) => ({ ...a, spender: other }) },
  { field: 'witness.to', apply: (a, other) => ({ ...a, witness: { ...a.witness, to: other } }) },
  { field: 'permitted.token', apply: (a, other) => ({ ...a, permitted: { ...a.permitted, token: other } }) },
  { field: 'permitted.amount', apply: (a) => ({ ...a, permitted: { ...a.permitted, amount: a.permitted.amount - 1n } }) },
  { field: 'nonce', apply: (a) => ({ ...a, nonce: a.nonce ^ 1n }) },
  { field: 'deadline', apply: (a) => ({ ...a, deadline: a.deadline + 1n }) },
  { field: 'witness.validAfter', apply: (a) => ({ ...a, witness: { ...a.witness, validAfter: a.witness.validAfter - 1n } }) },
]

const propertyCases = (kind: Permit2Kind) => {
  const area = kind === 'exact' ? 'permit2' : 'upto'
  return [
    defineCase({
      id: `facilitator.${area}.property-valid-settle`,
      clause: 'permit2.settle.proxy',
      level: 'MUST',
      harm: 'funds',
      role: 'facilitator',
      versions: [2],
      tags: ['permit2', 'property'],
      title: `${kind}: generated valid Permit2 payments verify, settle and move exactly their amount`,
      run: async (t) => {
        const env = await permit2Env(t, kind)
        const payer = await permit2Payer(t, env.token, 10n ** 15n)
        // outside the property: a skip (no Permit2 at all) must not count as a counterexample
        await verifyOffered(t, await permit2Pay(t, env, { payer, amount: 1n }))
        await t.property(
          fc.bigInt({ min: 1n, max: 10n ** 12n }),
          async (amount) => {
            await expectPermit2Paid(t, await permit2Pay(t, env, { payer, amount }))
          },
          { runs: 3 },
        )
      },
    }),
    defineCase({
      id: `facilitator.${area}.property-tampered-refused`,
      clause: 'permit2.verify.signature',
      level: 'MUST',
      harm: 'funds',
      role: 'facilitator',
      versions: [2],
      tags: ['permit2', 'property'],
      title: `${kind}: a permit with any one field changed after signing is never valid and moves nothing`,
      run: async (t) => {
        const env = await permit2Env(t, kind)
        const payer = await permit2Payer(t, env.token)
        const other = (await t.payer(0n)).address
        await verifyOffered(t, await permit2Pay(t, env, { payer }))
        await t.property(fc.constantFrom(...fields), async (f) => {
          const paid = await permit2Pay(t, env, { payer, mutate: (a) => f.apply(a, other), tamper: true })
          const before = await balances(t, paid)
          const verified = await t.verify(paid)
          t.check(verified.ok !== true, `verify answered valid with ${f.field} changed after signing`, { body: verified.body })
          const settled = await t.settle(paid)
          t.check(settled.ok !== true, `settle answered success with ${f.field} changed after signing`, { body: settled.body })
          const after = await balances(t, paid)
          t.check(after[0] === before[0], `tokens left the payer with ${f.field} changed after signing`)
        })
      },
    }),
  ]
}

export const cases = [...propertyCases('exact'), ...propertyCases('upto')]
