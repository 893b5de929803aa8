import type { TestContext } from '../../context/types.js'
import { amountField, wireAuthorization } from '../helpers.js'
import { refusalCase, settlesCase } from './judge.js'
import type { RefusalRow } from './judge.js'

const uint256Max = 2n ** 256n - 1n
const wireValueReasons = ['invalid_payload', 'amount_mismatch', 'invalid_signature'] as const

/** A correct payment whose wire `value` is then replaced by another spelling (after signing). */
const withWireValue = (value: unknown) => async (t: TestContext) => {
  const paid = await t.pay()
  wireAuthorization(paid)['value'] = value
  return paid
}

/**
 * Funds rows: a settlement of the payment would charge the payer more or pay the payee less than the
 * requirements say. Wire rows: the signed value spelled otherwise; a lenient reader that recovers the
 * signed number moves exactly the right money (hygiene), a crash is judged by the no-5xx sweep.
 */
export const rows: readonly RefusalRow[] = [
  {
    id: 'facilitator.amount.underpay',
    clause: 'exact-evm.verify.amount-exact',
    level: 'MUST',
    harm: 'funds',
    title: 'an authorization for less than the required amount is never settled',
    make: (t) => t.pay({ authorization: { value: 9_999n } }),
    reasons: ['amount_mismatch'],
  },
  {
    id: 'facilitator.amount.overpay',
    clause: 'exact-evm.verify.amount-exact',
    level: 'MUST',
    harm: 'funds',
    title: 'an authorization for more than the required amount is never settled',
    make: (t) => t.pay({ authorization: { value: 10_001n } }),
    reasons: ['amount_mismatch'],
  },
  {
    id: 'facilitator.amount.zero',
    clause: 'exact-evm.verify.amount-exact',
    level: 'MUST',
    harm: 'funds',
    title: 'an authorization of zero for a priced resource is never settled',
    make: (t) => t.pay({ authorization: { value: 0n } }),
    reasons: ['amount_mismatch'],
  },
  {
    id: 'facilitator.amount.requirements-tampered',
    clause: 'exact-evm.verify.amount-exact',
    level: 'MUST',
    harm: 'funds',
    title: 'a payment checked against requirements for a larger amount than it authorizes is never settled',
    make: async (t) => {
      const paid = await t.pay()
      paid.requirements = { ...paid.requirements, [amountField(paid)]: '20000' }
      return paid
    },
    reasons: ['amount_mismatch', 'requirements_mismatch'],
  },
  {
    id: 'facilitator.amount.beyond-balance-uint256',
    clause: 'exact-evm.verify.balance',
    level: 'MUST',
    harm: 'funds',
    title: 'a payment of 2^256-1 units is refused and nothing is broadcast',
    make: (t) => t.pay({ requirements: t.requirements({ amount: uint256Max }) }),
    reasons: ['insufficient_funds', 'transaction_failed'],
  },
  {
    id: 'facilitator.amount.wire-beyond-uint256',
    clause: 'envelopes.format.uint256',
    level: 'SHOULD',
    harm: 'hygiene',
    title: 'an authorization value of 2^256 on the wire is rejected',
    make: withWireValue((2n ** 256n).toString()),
    reasons: wireValueReasons,
  },
  {
    id: 'facilitator.amount.wire-leading-zero',
    clause: 'envelopes.format.uint256',
    level: 'SHOULD',
    harm: 'hygiene',
    title: 'an authorization value with a leading zero ("010000") is rejected',
    make: withWireValue('010000'),
    reasons: wireValueReasons,
  },
  {
    id: 'facilitator.amount.wire-exponent',
    clause: 'envelopes.format.uint256',
    level: 'SHOULD',
    harm: 'hygiene',
    title: 'an authorization value in exponent notation ("1e4") is rejected',
    make: withWireValue('1e4'),
    reasons: wireValueReasons,
  },
  {
    id: 'facilitator.amount.wire-negative',
    clause: 'envelopes.format.uint256',
    level: 'SHOULD',
    harm: 'hygiene',
    title: 'a negative authorization value is rejected',
    make: withWireValue('-10000'),
    reasons: wireValueReasons,
  },
  {
    id: 'facilitator.amount.wire-hex',
    clause: 'envelopes.format.uint256',
    level: 'SHOULD',
    harm: 'hygiene',
    title: 'an authorization value in hex ("0x2710") is rejected',
    make: withWireValue('0x2710'),
    reasons: wireValueReasons,
  },
  {
    id: 'facilitator.amount.wire-decimal-point',
    clause: 'envelopes.format.uint256',
    level: 'SHOULD',
    harm: 'hygiene',
    title: 'an authorization value with a decimal point is rejected',
    make: withWireValue('10000.0'),
    reasons: wireValueReasons,
  },
  {
    id: 'facilitator.amount.wire-json-number',
    clause: 'exact-evm.verify.payload-shape',
    level: 'SHOULD',
    harm: 'hygiene',
    title: 'an authorization value sent as a JSON number is rejected',
    make: withWireValue(10000),
    reasons: wireValueReasons,
  },
]

export const cases = [
  ...rows.map(refusalCase),
  settlesCase({
    id: 'facilitator.amount.large-exact',
    clause: 'exact-evm.verify.amount-exact',
    level: 'MUST',
    harm: 'funds',
    title: 'a large exact amount (10^12 atomic units) verifies and settles exactly',
    make: async (t) => {
      const amount = 10n ** 12n
      return t.pay({ requirements: t.requirements({ amount }), payer: await t.payer(amount) })
    },
  }),
]
