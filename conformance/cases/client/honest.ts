import { CaseFailure } from '../../context/failure.js'
import { defineClientCase } from '../../client/defineClientCase.js'
import type { ClientContext } from '../../client/context.js'
import { evidenceOf, expectAtMost, expectPays, onlyPayment } from '../../client/expect.js'

/** One honest offer, paid once: the observation and the payment. */
async function payHonest(c: ClientContext, offer = c.offer()) {
  const obs = await c.observe(c.honest([offer]))
  const payment = onlyPayment(c, obs)
  return { obs, payment, offer }
}

const fields = [
  ['amount-exact', 'exact-evm.client.value-exact', 'value', 'the client signs exactly the offered amount, not more, not less'],
  ['pay-to', 'exact-evm.client.to-pay-to', 'to', "the client's authorization pays the offer's payTo"],
  ['from-payer', 'exact-evm.client.from', 'from', 'authorization.from is the payer whose key signed it'],
] as const

/** Validity windows: name, clause, the offer's maxTimeoutSeconds, seconds allowed from now, what (the title). */
const windows = [
  ['window-bounded', 'exact-evm.client.window-bounded', 60, 60 + 3600, 'an hour of maxTimeoutSeconds'],
  [
    'window-capped',
    'exact-evm.client.window-capped',
    10 * 365 * 86_400,
    86_400 + 60,
    'a day when maxTimeoutSeconds asks ten years',
  ],
] as const

export const cases = [
  defineClientCase({
    id: 'client.honest.pays-once',
    clause: 'http.client.retry-once',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'an honest 402 is paid with one payment, the retry is served and the payer is charged the price once',
    run: async (c) => {
      const { obs } = await payHonest(c)
      expectAtMost(c, obs, 1, 'one logical request, one honest challenge')
      if (obs.payerDelta !== -c.price)
        throw new CaseFailure(`the payer was charged ${-obs.payerDelta}, the price is ${c.price}`, evidenceOf(c, obs))
    },
  }),
  ...fields.map(([name, clause, what, title]) =>
    defineClientCase({
      id: `client.honest.${name}`,
      clause,
      level: 'MUST',
      harm: 'funds',
      versions: [1, 2],
      title,
      run: async (c) => {
        const { obs, payment, offer } = await payHonest(c)
        expectPays(c, obs, payment, offer, what)
      },
    }),
  ),
  defineClientCase({
    id: 'client.honest.domain-from-offer',
    clause: 'exact-evm.client.domain',
    level: 'MUST',
    harm: 'interop',
    versions: [1, 2],
    title: "the signature recovers to the payer under the offer's EIP-712 domain (chain id, asset, extra name and version)",
    run: async (c) => {
      const { obs, payment, offer } = await payHonest(c)
      expectPays(c, obs, payment, offer, 'domain')
    },
  }),
  defineClientCase({
    id: 'client.honest.header-of-version',
    clause: 'http.payment.header-encoding',
    level: 'MUST',
    harm: 'interop',
    versions: [1, 2],
    title: "the payment travels in the header of the offer's version (X-PAYMENT for v1, PAYMENT-SIGNATURE for v2)",
    run: async (c) => {
      const { obs, payment } = await payHonest(c)
      const expected = c.version === 1 ? 'x-payment' : 'payment-signature'
      if (payment.header !== expected)
        throw new CaseFailure(`the payment came in ${payment.header}, expected ${expected}`, evidenceOf(c, obs))
      const v = payment.payload?.['x402Version']
      if (v !== c.version)
        throw new CaseFailure(`the payment payload says x402Version ${String(v)}, the offer is v${c.version}`, evidenceOf(c, obs))
    },
  }),
  defineClientCase({
    id: 'client.honest.valid-after',
    clause: 'exact-evm.client.valid-after',
    level: 'SHOULD',
    harm: 'hygiene',
    versions: [1, 2],
    title: 'validAfter is not in the future of the harness clock',
    run: async (c) => {
      const { obs, payment } = await payHonest(c)
      const after = payment.authorization!.validAfter
      if (after > BigInt(c.now() + 5))
        throw new CaseFailure(`validAfter ${after} is ${after - BigInt(c.now())} s in the future`, evidenceOf(c, obs))
    },
  }),
  defineClientCase({
    id: 'client.honest.valid-before',
    clause: 'exact-evm.client.valid-before',
    level: 'SHOULD',
    harm: 'hygiene',
    versions: [1, 2],
    title: 'validBefore lies within maxTimeoutSeconds (60) of the harness clock, 30 s of skew allowed',
    run: async (c) => {
      const { obs, payment } = await payHonest(c)
      const before = payment.authorization!.validBefore
      const limit = BigInt(c.now() + 60 + 30)
      if (before > limit)
        throw new CaseFailure(
          `validBefore ${before} is ${before - limit + 30n} s beyond now + maxTimeoutSeconds`,
          evidenceOf(c, obs),
        )
    },
  }),
  ...windows.map(([name, clause, maxTimeoutSeconds, allowed, what]) =>
    defineClientCase({
      id: `client.honest.${name}`,
      clause,
      level: 'MUST',
      harm: 'funds',
      versions: [1, 2],
      title: `the authorization expires within ${what}: an unanswered payment cannot be charged long after`,
      run: async (c) => {
        const offer = c.offer({ maxTimeoutSeconds })
        // The answer never comes: the client's request fails, the authorization stays with the server.
        const obs = await c.observe((hit, at) =>
          hit.payment ? { status: 503, body: 'try later' } : c.challenge([offer], at.origin),
        )
        const before = onlyPayment(c, obs).authorization!.validBefore
        if (before > BigInt(c.now() + allowed)) {
          const days = Number(before - BigInt(c.now())) / 86_400
          throw new CaseFailure(
            `the unanswered authorization stays valid ${days.toFixed(1)} days: whoever holds it can charge the payer until then`,
            evidenceOf(c, obs, { maxTimeoutSeconds }),
          )
        }
      },
    }),
  ),
]
