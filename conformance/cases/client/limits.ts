import { CaseFailure } from '../../context/failure.js'
import { defineClientCase } from '../../client/defineClientCase.js'
import type { ClientContext } from '../../client/context.js'
import type { ClientLimits } from '../../client/harness.js'
import type { OfferInput } from '../../client/offers.js'
import { evidenceOf, expectNoneAbove, expectNoPayment, expectPays, onlyPayment } from '../../client/expect.js'

/** Offers beyond a declared limit, alone in their challenge: name, clause, the limit, the offer, title. */
const beyond: readonly (readonly [string, string, keyof ClientLimits, (c: ClientContext) => OfferInput, string])[] = [
  [
    'above-max-per-request',
    'http.client.policy',
    'maxPerRequest',
    (c) => ({ amount: c.limits.maxPerRequest! + 1n }),
    'an offer of one unit above X402_MAX_PER_REQUEST is not signed',
  ],
  [
    'decimals-confusion',
    'http.client.policy',
    'maxPerRequest',
    () => ({ amount: 10n ** 18n, description: 'Only $0.01!' }),
    'an amount of 10^18 on a 6-decimal token described as "$0.01" is not signed',
  ],
  [
    'above-budget',
    'http.client.budget',
    'budget',
    (c) => ({ amount: c.limits.budget! + 1n }),
    'an offer of one unit above X402_BUDGET is not signed',
  ],
]

export const cases = [
  ...beyond.map(([name, clause, limit, input, title]) =>
    defineClientCase({
      id: `client.limits.${name}`,
      clause,
      level: 'MUST',
      harm: 'funds',
      versions: [1, 2],
      title,
      run: async (c) => {
        c.requireLimits(limit)
        const obs = await c.observe(c.honest([c.offer(input(c))]))
        expectNoPayment(c, obs, `the offer exceeds the declared ${limit} of ${c.limits[limit]}`)
      },
    }),
  ),
  defineClientCase({
    id: 'client.limits.cheaper-offer-within-max',
    clause: 'http.client.policy',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'of an offer above X402_MAX_PER_REQUEST listed first and one within it, the one above is never signed',
    run: async (c) => {
      c.requireLimits('maxPerRequest')
      // Paying nothing costs nothing (the funds verdict); paying the one within the limit is the better outcome.
      const obs = await c.observe(c.honest([c.offer({ amount: c.limits.maxPerRequest! * 2n }), c.offer()]))
      expectNoneAbove(c, obs)
    },
  }),
  defineClientCase({
    id: 'client.limits.at-max-paid',
    clause: 'http.client.policy',
    level: 'SHOULD',
    harm: 'hygiene',
    versions: [1, 2],
    title: 'an offer of exactly X402_MAX_PER_REQUEST (within the budget) is paid: the maximum is inclusive',
    run: async (c) => {
      c.requireLimits('maxPerRequest')
      const { maxPerRequest, budget } = c.limits
      const offer = c.offer({ amount: budget !== undefined && budget < maxPerRequest! ? budget : maxPerRequest! })
      const obs = await c.observe(c.honest([offer]))
      expectPays(c, obs, onlyPayment(c, obs), offer, 'value')
    },
  }),
  defineClientCase({
    id: 'client.limits.budget-runaway',
    clause: 'http.client.budget',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'a server that answers every paid request 402 again never gets more than X402_BUDGET signed in total',
    run: async (c) => {
      c.requireLimits('budget')
      const obs = await c.observe(async (hit, at) => {
        if (hit.payment !== undefined) await c.settle(hit)
        return c.challenge([c.offer()], at.origin)
      })
      const signed = obs.payments.reduce((sum, p) => sum + p.authorization!.value, 0n)
      if (signed > c.limits.budget!)
        throw new CaseFailure(`the client signed ${signed} in total, its budget is ${c.limits.budget}`, evidenceOf(c, obs))
    },
  }),
]
