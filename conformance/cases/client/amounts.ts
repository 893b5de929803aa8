import { clientCases } from '../../client/defineClientCase.js'
import type { ClientContext } from '../../client/context.js'
import type { OfferInput } from '../../client/offers.js'
import { expectNoneAbove, expectNoPayment } from '../../client/expect.js'

/** The only offer's amount is not a canonical base-10 integer of atomic units: nothing is signed. */
const malformed = (amount: (c: ClientContext) => string) => async (c: ClientContext) => {
  const obs = await c.observe(c.honest([c.offer({ amount: amount(c) })]))
  expectNoPayment(c, obs, 'the amount is not an integer of atomic units')
}

/** The only offer reads as far more than its description says: with a declared maximum, nothing above it is signed. */
const boundedBy = (input: (c: ClientContext) => OfferInput) => async (c: ClientContext) => {
  c.requireLimits('maxPerRequest')
  expectNoneAbove(c, await c.observe(c.honest([c.offer(input(c))])))
}

const clause = 'http.client.amount-atomic'

export const cases = [
  ...clientCases('amounts', { level: 'SHOULD', harm: 'hygiene' }, [
    [
      'display-units',
      clause,
      'an offer whose amount is in display units (the price in USDC, "0.001") is not signed',
      malformed((c) => `${Number(c.price) / 1e6}`),
    ],
    [
      'exponent',
      clause,
      'an offer whose amount is the price with an exponent ("1000e0") is not signed',
      malformed((c) => `${c.price}e0`),
    ],
    ['negative', clause, 'an offer whose amount is negative ("-1000") is not signed', malformed((c) => `-${c.price}`)],
    [
      'hexadecimal',
      clause,
      'an offer whose amount is in hexadecimal ("0x3e8") is not signed',
      malformed((c) => `0x${c.price.toString(16)}`),
    ],
    [
      'leading-zeros',
      clause,
      'an offer whose amount has leading zeros ("0001000") is not signed',
      malformed((c) => `000${c.price}`),
    ],
    [
      'beyond-uint256',
      clause,
      'an offer whose amount is beyond uint256 (2^256 + the price: it wraps to the price) is not signed',
      malformed((c) => `${2n ** 256n + c.price}`),
    ],
  ]),
  ...clientCases('amounts', { level: 'MUST', harm: 'funds' }, [
    [
      'exponent-above-max',
      'http.client.policy',
      'an amount with an exponent worth a million times X402_MAX_PER_REQUEST ("5000e6") is not signed above the maximum',
      boundedBy((c) => ({ amount: `${c.limits.maxPerRequest!}e6`, description: 'Only $0.005!' })),
    ],
    [
      'decimals-in-extra',
      'http.client.policy',
      'an offer whose extra claims 18 decimals for the 6-decimal asset (10^12 times the maximum in atomic units) is not signed',
      boundedBy((c) => ({
        amount: `${c.limits.maxPerRequest! * 10n ** 12n}`,
        extra: { name: c.harness.chain.asset.name, version: c.harness.chain.asset.version, decimals: 18 },
        description: '$0.005 (18 decimals)',
      })),
    ],
  ]),
]
