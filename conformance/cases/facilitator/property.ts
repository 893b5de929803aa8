import fc from 'fast-check'
import { verifyPaymentOffline } from '../../../src/evm/verifyPaymentOffline.js'
import { defineCase } from '../../case.js'
import type { Paid } from '../../context/types.js'
import { amountField, setRequirement, wireAuthorization, wireInner } from '../helpers.js'
import { expectVerifiedAndSettled } from './judge.js'

const hex = (bytes: number) =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => `0x${Buffer.from(b).toString('hex')}`)

/** One single-field change to a correct payment, described for the reproduction. */
type Mutation = { field: string; apply(paid: Paid): void }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.bigInt({ min: 1n, max: 10n ** 9n }).chain((d) =>
    fc.constantFrom<Mutation>(
      { field: `authorization.value + ${d}`, apply: (p) => void (wireAuthorization(p)['value'] = (p.amount + d).toString()) },
      {
        field: `authorization.value - ${d}`,
        apply: (p) => void (wireAuthorization(p)['value'] = (p.amount > d ? p.amount - d : 0n).toString()),
      },
      {
        field: `authorization.validBefore - ${d}`,
        apply: (p) => void (wireAuthorization(p)['validBefore'] = (p.authorization.validBefore - d).toString()),
      },
      {
        field: `authorization.validAfter + ${d}`,
        apply: (p) => void (wireAuthorization(p)['validAfter'] = (p.authorization.validAfter + d).toString()),
      },
      { field: `requirements.amount + ${d}`, apply: (p) => setRequirement(p, amountField(p), (p.amount + d).toString()) },
    ),
  ),
  hex(20).map((a): Mutation => ({ field: `authorization.to = ${a}`, apply: (p) => void (wireAuthorization(p)['to'] = a) })),
  hex(20).map((a): Mutation => ({ field: `authorization.from = ${a}`, apply: (p) => void (wireAuthorization(p)['from'] = a) })),
  hex(20).map(
    (a): Mutation => ({
      field: `requirements.payTo = ${a}`,
      apply: (p) => void (p.requirements = { ...p.requirements, payTo: a }),
    }),
  ),
  hex(20).map((a): Mutation => ({ field: `requirements.asset = ${a}`, apply: (p) => setRequirement(p, 'asset', a) })),
  hex(32).map((n): Mutation => ({ field: `authorization.nonce = ${n}`, apply: (p) => void (wireAuthorization(p)['nonce'] = n) })),
  fc.tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 1, max: 255 })).map(
    ([i, x]): Mutation => ({
      field: `signature byte ${i} ^ ${x}`,
      apply: (p) => {
        const sig = Buffer.from(String(wireInner(p)['signature']).slice(2), 'hex')
        sig[i] = sig[i]! ^ x
        wireInner(p)['signature'] = `0x${sig.toString('hex')}`
      },
    }),
  ),
)

/** Property cases run for both versions, with the time fast-check's runs need. */
const property = { role: 'facilitator', versions: [1, 2], tags: ['property'], timeoutMs: 120_000 } as const

export const cases = [
  defineCase({
    id: 'facilitator.property.valid-payments-settle',
    clause: 'facilitator.settle.transfer-event',
    level: 'MUST',
    harm: 'funds',
    ...property,
    title: 'generated correct payments (amounts, timeouts, spare balances) all verify, settle and balance',
    run: async (t) => {
      await t.property(
        fc.record({
          amount: fc.bigInt({ min: 1n, max: 10n ** 12n }),
          timeout: fc.integer({ min: 30, max: 3_600 }),
          spare: fc.bigInt({ min: 0n, max: 10n ** 6n }),
        }),
        async ({ amount, timeout, spare }) => {
          const payer = await t.payer(amount + spare)
          await expectVerifiedAndSettled(
            t,
            await t.pay({ payer, requirements: t.requirements({ amount, maxTimeoutSeconds: timeout }) }),
          )
        },
      )
    },
  }),
  defineCase({
    id: 'facilitator.property.single-field-mutations-rejected',
    clause: 'facilitator.settle.reverify',
    level: 'MUST',
    harm: 'funds',
    ...property,
    title: 'no single-field mutation of a correct payment that the harness core finds invalid is settled or broadcast',
    run: async (t) => {
      const payer = await t.payer(10n ** 7n)
      let counted = 0
      await t.property(mutation, async (m) => {
        const paid = await t.pay({ payer })
        m.apply(paid)
        const own = verifyPaymentOffline({
          paymentPayload: paid.payload,
          paymentRequirements: paid.requirements,
          x402Version: t.version,
          now: t.now(),
        })
        fc.pre(!own.isValid)
        counted++
        const before = await t.ledger.snapshot(paid)
        const settled = await t.settle(paid)
        t.check(settled.ok !== true, `settle answered success for the mutant (${m.field})`, { body: settled.body })
        await t.ledger.expectUntouched(before)
      })
      t.info(`${counted} mutants counted (the others stayed valid by the harness core and were not counted)`)
    },
  }),
]
