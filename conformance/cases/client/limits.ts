import { CaseFailure } from '../../context/failure.js'
import { clientCases } from '../../client/defineClientCase.js'
import type { ClientContext } from '../../client/context.js'
import type { ClientLimits } from '../../client/harness.js'
import type { OfferInput } from '../../client/offers.js'
import { evidenceOf, expectNoneAbove, expectNoPayment, expectPays, onlyPayment } from '../../client/expect.js'

/** The only offer of the challenge lies beyond the declared `limit`: nothing is signed. */
const beyond = (limit: keyof ClientLimits, input: (c: ClientContext) => OfferInput) => async (c: ClientContext) => {
  c.requireLimits(limit)
  const obs = await c.observe(c.honest([c.offer(input(c))]))
  expectNoPayment(c, obs, `the offer exceeds the declared ${limit} of ${c.limits[limit]}`)
}

export const cases = [
  ...clientCases('limits', { level: 'MUST', harm: 'funds' }, [
    [
      'above-max-per-request',
      'http.client.policy',
      'an offer of one unit above X402_MAX_PER_REQUEST is not signed',
      beyond('maxPerRequest', (c) => ({ amount: c.limits.maxPerRequest! + 1n })),
    ],
    [
      'decimals-confusion',
      'http.client.policy',
      'an amount of 10^18 on a 6-decimal token described as "$0.01" is not signed',
      beyond('maxPerRequest', () => ({ amount: 10n ** 18n, description: 'Only $0.01!' })),
    ],
    [
      'above-budget',
      'http.client.budget',
      'an offer of one unit above X402_BUDGET is not signed',
      beyond('budget', (c) => ({ amount: c.limits.budget! + 1n })),
    ],
    [
      'cheaper-offer-within-max',
      'http.client.policy',
      'of an offer above X402_MAX_PER_REQUEST listed first and one within it, the one above is never signed',
      async (c) => {
        c.requireLimits('maxPerRequest')
        // Paying nothing costs nothing (the funds verdict); paying the one within the limit is the better outcome.
        const obs = await c.observe(c.honest([c.offer({ amount: c.limits.maxPerRequest! * 2n }), c.offer()]))
        expectNoneAbove(c, obs)
      },
    ],
    [
      'budget-runaway',
      'http.client.budget',
      'a server that answers every paid request 402 again never gets more than X402_BUDGET signed in total',
      async (c) => {
        c.requireLimits('budget')
        const obs = await c.observe(async (hit, at) => {
          if (hit.payment !== undefined) await c.settle(hit)
          return c.challenge([c.offer()], at.origin)
        })
        const signed = obs.payments.reduce((sum, p) => sum + p.authorization!.value, 0n)
        if (signed > c.limits.budget!)
          throw new CaseFailure(`the client signed ${signed} in total, its budget is ${c.limits.budget}`, evidenceOf(c, obs))
      },
    ],
  ]),
  ...clientCases('limits', { level: 'SHOULD', harm: 'hygiene' }, [
    [
      'at-max-paid',
      'http.client.policy',
      'an offer of exactly X402_MAX_PER_REQUEST (within the budget) is paid: the maximum is inclusive',
      async (c) => {
        c.requireLimits('maxPerRequest')
        const { maxPerRequest, budget } = c.limits
        const offer = c.offer({ amount: budget !== undefined && budget < maxPerRequest! ? budget : maxPerRequest! })
        const obs = await c.observe(c.honest([offer]))
        expectPays(c, obs, onlyPayment(c, obs), offer, 'value')
      },
    ],
  ]),
]
