import fc from 'fast-check'
import type { Address } from 'viem'
import type { Permit2Authorization, Permit2Kind } from '../../../src/evm/permit2/index.js'
import { defineCase } from '../../case.js'
import { expectPermit2Paid } from './permit2.js'
import { balances, permit2Env, permit2Pay, permit2Payer, verifyOffered } from './permit2-pay.js'

// Property cases of spec/07-permit2.md: generated valid payments settle and balance; a payment with one field of the
// signed permit changed after signing is never valid and never moves money.

type Field = { field: string; apply(a: Permit2Authorization, other: Address): Permit2Authorization }
/** Every member of the signed authorization (witness.facilitator exists in upto only); the signature is tried apart. */
const fields = (kind: Permit2Kind): readonly Field[] => [
  { field: 'from', apply: (a, other) => ({ ...a, from: other }) },
  { field: 'spender', apply: (a, other) => ({ ...a, spender: other }) },
  { field: 'witness.to', apply: (a, other) => ({ ...a, witness: { ...a.witness, to: other } }) },
  { field: 'permitted.token', apply: (a, other) => ({ ...a, permitted: { ...a.permitted, token: other } }) },
  { field: 'permitted.amount', apply: (a) => ({ ...a, permitted: { ...a.permitted, amount: a.permitted.amount - 1n } }) },
  { field: 'nonce', apply: (a) => ({ ...a, nonce: a.nonce ^ 1n }) },
  { field: 'deadline', apply: (a) => ({ ...a, deadline: a.deadline + 1n }) },
  { field: 'witness.validAfter', apply: (a) => ({ ...a, witness: { ...a.witness, validAfter: a.witness.validAfter - 1n } }) },
  ...(kind === 'upto'
    ? [
        {
          field: 'witness.facilitator',
          apply: (a: Permit2Authorization, other: Address) => ({ ...a, witness: { ...a.witness, facilitator: other } }),
        },
      ]
    : []),
]

/** The signature with one bit of `s` flipped: it recovers to some other address. */
const flipped = (signature: string) =>
  `${signature.slice(0, 100)}${(Number.parseInt(signature[100]!, 16) ^ 1).toString(16)}${signature.slice(101)}`

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
      title: `${kind}: a permit with any one field (each in turn) or its signature changed after signing is never valid and moves nothing`,
      run: async (t) => {
        const env = await permit2Env(t, kind)
        const payer = await permit2Payer(t, env.token)
        const other = (await t.payer(0n)).address
        await verifyOffered(t, await permit2Pay(t, env, { payer }))
        // each field once (a bounded, exhaustive list rather than a sample), then the signature itself
        const mutants = fields(kind).map((f) => ({
          field: f.field,
          make: () => permit2Pay(t, env, { payer, mutate: (a) => f.apply(a, other), tamper: true }),
        }))
        mutants.push({
          field: 'signature',
          make: async () => {
            const paid = await permit2Pay(t, env, { payer })
            const payload = paid.payload['payload'] as { signature: string }
            paid.payload = { ...paid.payload, payload: { ...payload, signature: flipped(payload.signature) } }
            return paid
          },
        })
        for (const { field, make } of mutants) {
          const paid = await make()
          const before = await balances(t, paid)
          const verified = await t.verify(paid)
          t.check(verified.ok !== true, `verify answered valid with ${field} changed after signing`, { body: verified.body })
          const settled = await t.settle(paid)
          t.check(settled.ok !== true, `settle answered success with ${field} changed after signing`, { body: settled.body })
          const after = await balances(t, paid)
          t.check(after[0] === before[0], `tokens left the payer with ${field} changed after signing`)
        }
      },
    }),
  ]
}

export const cases = [...propertyCases('exact'), ...propertyCases('upto')]
