import { CaseFailure } from '../../context/failure.js'
import { defineClientCase } from '../../client/defineClientCase.js'
import { evidenceOf, expectNoPayment } from '../../client/expect.js'

export const cases = [
  defineClientCase({
    id: 'client.limits.above-max-per-request',
    clause: 'http.client.policy',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'an offer of one unit above X402_MAX_PER_REQUEST is not signed',
    run: async (c) => {
      c.requireLimits('maxPerRequest')
      const obs = await c.observe(c.honest([c.offer({ amount: c.limits.maxPerRequest! + 1n })]))
      expectNoPayment(c, obs, `the offer exceeds the declared maximum of ${c.limits.maxPerRequest} per request`)
    },
  }),
  defineClientCase({
    id: 'client.limits.decimals-confusion',
    clause: 'http.client.policy',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'an amount of 10^18 on a 6-decimal token described as "$0.01" is not signed',
    run: async (c) => {
      c.requireLimits('maxPerRequest')
      const obs = await c.observe(c.honest([c.offer({ amount: 10n ** 18n, description: 'Only $0.01!' })]))
      expectNoPayment(c, obs, `10^18 atomic units are 10^12 USDC, above the declared maximum of ${c.limits.maxPerRequest}`)
    },
  }),
  defineClientCase({
    id: 'client.limits.cheaper-offer-within-max',
    clause: 'http.client.policy',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'of an offer above X402_MAX_PER_REQUEST listed first and one within it, the one above is never signed',
    run: async (c) => {
      c.requireLimits('maxPerRequest')
      const above = c.limits.maxPerRequest! * 2n
      const obs = await c.observe(c.honest([c.offer({ amount: above }), c.offer()]))
      // Paying nothing costs nothing (the funds verdict); paying the one within the limit is the better outcome.
      const over = obs.payments.filter((p) => p.authorization!.value > c.limits.maxPerRequest!)
      if (over.length > 0)
        throw new CaseFailure(`the client signed ${over[0]!.authorization!.value}, above its maximum`, evidenceOf(c, obs))
    },
  }),
  defineClientCase({
    id: 'client.limits.above-budget',
    clause: 'http.client.budget',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'an offer of one unit above X402_BUDGET is not signed',
    run: async (c) => {
      c.requireLimits('budget')
      const obs = await c.observe(c.honest([c.offer({ amount: c.limits.budget! + 1n })]))
      expectNoPayment(c, obs, `the offer exceeds the declared budget of ${c.limits.budget}`)
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
