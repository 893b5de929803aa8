import { defineClientCase } from '../../client/defineClientCase.js'
import type { ClientContext } from '../../client/context.js'
import type { OfferInput } from '../../client/offers.js'
import { expectNoneAbove, expectNoPayment } from '../../client/expect.js'

/** Amounts that are not a canonical base-10 integer of atomic units: name, wire amount, what it is (the title). */
const malformed = [
  ['display-units', (c: ClientContext) => `${Number(c.price) / 1e6}`, 'in display units (the price in USDC, "0.001")'],
  ['exponent', (c: ClientContext) => `${c.price}e0`, 'the price with an exponent ("1000e0")'],
  ['negative', (c: ClientContext) => `-${c.price}`, 'negative ("-1000")'],
  ['hexadecimal', (c: ClientContext) => `0x${c.price.toString(16)}`, 'in hexadecimal ("0x3e8")'],
  ['leading-zeros', (c: ClientContext) => `000${c.price}`, 'with leading zeros ("0001000")'],
  [
    'beyond-uint256',
    (c: ClientContext) => `${2n ** 256n + c.price}`,
    'beyond uint256 (2^256 + the price: it wraps to the price)',
  ],
] as const

/**
 * Amounts that read as far more than their description says; with a declared maximum none of them may be
 * signed above it: name, offer, title.
 */
const confusing = [
  [
    'exponent-above-max',
    (c: ClientContext): OfferInput => ({ amount: `${c.limits.maxPerRequest!}e6`, description: 'Only $0.005!' }),
    'an amount with an exponent worth a million times X402_MAX_PER_REQUEST ("5000e6") is not signed above the maximum',
  ],
  [
    'decimals-in-extra',
    (c: ClientContext): OfferInput => ({
      amount: `${c.limits.maxPerRequest! * 10n ** 12n}`,
      extra: { name: c.harness.chain.asset.name, version: c.harness.chain.asset.version, decimals: 18 },
      description: '$0.005 (18 decimals)',
    }),
    'an offer whose extra claims 18 decimals for the 6-decimal asset (10^12 times the maximum in atomic units) is not signed',
  ],
] as const

/** Signs nothing when the only offer is `input`; a payment made anyway is evidence. */
async function notSigned(c: ClientContext, input: OfferInput, why: string) {
  const obs = await c.observe(c.honest([c.offer(input)]))
  expectNoPayment(c, obs, why)
}

export const cases = [
  ...malformed.map(([name, amount, what]) =>
    defineClientCase({
      id: `client.amounts.${name}`,
      clause: 'http.client.amount-atomic',
      level: 'SHOULD',
      harm: 'hygiene',
      versions: [1, 2],
      title: `an offer whose amount is ${what} is not signed`,
      run: (c) => notSigned(c, { amount: amount(c) }, 'the amount is not an integer of atomic units'),
    }),
  ),
  ...confusing.map(([name, input, title]) =>
    defineClientCase({
      id: `client.amounts.${name}`,
      clause: 'http.client.policy',
      level: 'MUST',
      harm: 'funds',
      versions: [1, 2],
      title,
      run: async (c) => {
        c.requireLimits('maxPerRequest')
        expectNoneAbove(c, await c.observe(c.honest([c.offer(input(c))])))
      },
    }),
  ),
]
