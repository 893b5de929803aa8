import { defineCase } from '../../case.js'
import type { TestContext } from '../../context/types.js'
import { amountField, expectRejectedEverywhere, wireAuthorization } from '../helpers.js'

const uint256Max = 2n ** 256n - 1n

/** An authorization whose wire `value` is replaced after signing by a non-canonical spelling. */
const wireValue = (name: string, value: unknown, title: string, clause = 'envelopes.format.uint256') =>
  defineCase({
    id: `facilitator.amount.wire-${name}`,
    clause,
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title,
    run: async (t: TestContext) => {
      const paid = await t.pay()
      wireAuthorization(paid)['value'] = value
      await expectRejectedEverywhere(t, paid, ['invalid_payload', 'amount_mismatch', 'invalid_signature'])
    },
  })

export const cases = [
  defineCase({
    id: 'facilitator.amount.underpay',
    clause: 'exact-evm.verify.amount-exact',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'an authorization for less than the required amount is rejected',
    run: async (t) => {
      const req = t.requirements()
      const paid = await t.pay({ requirements: req, authorization: { value: 9_999n } })
      await expectRejectedEverywhere(t, paid, 'amount_mismatch')
    },
  }),
  defineCase({
    id: 'facilitator.amount.overpay',
    clause: 'exact-evm.verify.amount-exact',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'an authorization for more than the required amount is rejected',
    run: async (t) => {
      const paid = await t.pay({ authorization: { value: 10_001n } })
      await expectRejectedEverywhere(t, paid, 'amount_mismatch')
    },
  }),
  defineCase({
    id: 'facilitator.amount.zero',
    clause: 'exact-evm.verify.amount-exact',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'an authorization of zero for a priced resource is rejected',
    run: async (t) => {
      const paid = await t.pay({ authorization: { value: 0n } })
      await expectRejectedEverywhere(t, paid, 'amount_mismatch')
    },
  }),
  defineCase({
    id: 'facilitator.amount.requirements-tampered',
    clause: 'exact-evm.verify.amount-exact',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a payment checked against requirements for a larger amount than it authorizes is rejected',
    run: async (t) => {
      const paid = await t.pay()
      paid.requirements = { ...paid.requirements, [amountField(paid)]: '20000' }
      await expectRejectedEverywhere(t, paid, ['amount_mismatch', 'requirements_mismatch'])
    },
  }),
  defineCase({
    id: 'facilitator.amount.large-exact',
    clause: 'exact-evm.verify.amount-exact',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a large exact amount (10^12 atomic units) verifies and settles exactly',
    run: async (t) => {
      const amount = 10n ** 12n
      const payer = await t.payer(amount)
      const paid = await t.pay({ requirements: t.requirements({ amount }), payer })
      const before = await t.ledger.snapshot(paid)
      t.expectValid(await t.verify(paid))
      const s = await t.settle(paid)
      t.expectSettled(s)
      await t.ledger.expectPaid(before, s.transaction)
    },
  }),
  defineCase({
    id: 'facilitator.amount.beyond-balance-uint256',
    clause: 'exact-evm.verify.balance',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'requirements and authorization for 2^256-1 units are rejected for insufficient funds',
    run: async (t) => {
      const paid = await t.pay({ requirements: t.requirements({ amount: uint256Max }) })
      await expectRejectedEverywhere(t, paid, ['insufficient_funds', 'transaction_failed'])
    },
  }),
  wireValue('beyond-uint256', (2n ** 256n).toString(), 'an authorization value of 2^256 on the wire is rejected'),
  wireValue('leading-zero', '010000', 'an authorization value with a leading zero ("010000") is rejected'),
  wireValue('exponent', '1e4', 'an authorization value in exponent notation ("1e4") is rejected'),
  wireValue('negative', '-10000', 'a negative authorization value is rejected'),
  wireValue('hex', '0x2710', 'an authorization value in hex ("0x2710") is rejected'),
  wireValue('decimal-point', '10000.0', 'an authorization value with a decimal point is rejected'),
  wireValue('json-number', 10000, 'an authorization value sent as a JSON number is rejected', 'exact-evm.verify.payload-shape'),
]
