import { CaseFailure } from '../../context/failure.js'
import { clientCases } from '../../client/defineClientCase.js'
import type { ClientContext } from '../../client/context.js'
import { evidenceOf, expectAtMost, expectPays, onlyPayment } from '../../client/expect.js'
import type { SeenPayment } from '../../client/payments.js'
import type { Observation } from '../../client/context.js'

/** One honest offer, paid once: the observation and the payment. */
async function payHonest(c: ClientContext, offer = c.offer()) {
  const obs = await c.observe(c.honest([offer]))
  const payment = onlyPayment(c, obs)
  return { obs, payment, offer }
}

/** A case judging the one payment of an honest exchange. */
const judged =
  (judge: (c: ClientContext, obs: Observation, payment: SeenPayment, offer: ReturnType<ClientContext['offer']>) => void) =>
  async (c: ClientContext) => {
    const { obs, payment, offer } = await payHonest(c)
    judge(c, obs, payment, offer)
  }

/**
 * The authorization of an offer of `maxTimeoutSeconds` whose paid answer never comes (the client's request fails,
 * the authorization stays with the server) expires within `allowed` seconds of now.
 */
const windowWithin = (maxTimeoutSeconds: number, allowed: number) => async (c: ClientContext) => {
  const offer = c.offer({ maxTimeoutSeconds })
  const obs = await c.observe((hit, at) => (hit.payment ? { status: 503, body: 'try later' } : c.challenge([offer], at.origin)))
  const before = onlyPayment(c, obs).authorization!.validBefore
  if (before > BigInt(c.now() + allowed)) {
    const days = Number(before - BigInt(c.now())) / 86_400
    throw new CaseFailure(
      `the unanswered authorization stays valid ${days.toFixed(1)} days: whoever holds it can charge the payer until then`,
      evidenceOf(c, obs, { maxTimeoutSeconds }),
    )
  }
}

export const cases = [
  ...clientCases('honest', { level: 'MUST', harm: 'funds' }, [
    [
      'pays-once',
      'http.client.retry-once',
      'an honest 402 is paid with one payment, the retry is served and the payer is charged the price once',
      judged((c, obs) => {
        expectAtMost(c, obs, 1, 'one logical request, one honest challenge')
        if (obs.payerDelta !== -c.price)
          throw new CaseFailure(`the payer was charged ${-obs.payerDelta}, the price is ${c.price}`, evidenceOf(c, obs))
      }),
    ],
    [
      'amount-exact',
      'exact-evm.client.value-exact',
      'the client signs exactly the offered amount, not more, not less',
      judged((c, obs, payment, offer) => expectPays(c, obs, payment, offer, 'value')),
    ],
    [
      'pay-to',
      'exact-evm.client.to-pay-to',
      "the client's authorization pays the offer's payTo",
      judged((c, obs, payment, offer) => expectPays(c, obs, payment, offer, 'to')),
    ],
    [
      'from-payer',
      'exact-evm.client.from',
      'authorization.from is the payer whose key signed it',
      judged((c, obs, payment, offer) => expectPays(c, obs, payment, offer, 'from')),
    ],
    [
      'window-bounded',
      'exact-evm.client.window-bounded',
      'the authorization expires within an hour of maxTimeoutSeconds: an unanswered payment cannot be charged long after',
      windowWithin(60, 60 + 3600),
    ],
    [
      'window-capped',
      'exact-evm.client.window-capped',
      'the authorization expires within a day when maxTimeoutSeconds asks ten years: an unanswered payment cannot be charged years after',
      windowWithin(10 * 365 * 86_400, 86_400 + 60),
    ],
  ]),
  ...clientCases('honest', { level: 'MUST', harm: 'interop' }, [
    [
      'domain-from-offer',
      'exact-evm.client.domain',
      "the signature recovers to the payer under the offer's EIP-712 domain (chain id, asset, extra name and version)",
      judged((c, obs, payment, offer) => expectPays(c, obs, payment, offer, 'domain')),
    ],
    [
      'header-of-version',
      'http.payment.header-encoding',
      "the payment travels in the header of the offer's version (X-PAYMENT for v1, PAYMENT-SIGNATURE for v2)",
      judged((c, obs, payment) => {
        const expected = c.version === 1 ? 'x-payment' : 'payment-signature'
        if (payment.header !== expected)
          throw new CaseFailure(`the payment came in ${payment.header}, expected ${expected}`, evidenceOf(c, obs))
        const v = payment.payload?.['x402Version']
        if (v !== c.version)
          throw new CaseFailure(
            `the payment payload says x402Version ${String(v)}, the offer is v${c.version}`,
            evidenceOf(c, obs),
          )
      }),
    ],
  ]),
  ...clientCases('honest', { level: 'SHOULD', harm: 'hygiene' }, [
    [
      'valid-after',
      'exact-evm.client.valid-after',
      'validAfter is not in the future of the harness clock',
      judged((c, obs, payment) => {
        const after = payment.authorization!.validAfter
        if (after > BigInt(c.now() + 5))
          throw new CaseFailure(`validAfter ${after} is ${after - BigInt(c.now())} s in the future`, evidenceOf(c, obs))
      }),
    ],
    [
      'valid-before',
      'exact-evm.client.valid-before',
      'validBefore lies within maxTimeoutSeconds (60) of the harness clock, 30 s of skew allowed',
      judged((c, obs, payment) => {
        const before = payment.authorization!.validBefore
        const limit = BigInt(c.now() + 60 + 30)
        if (before > limit)
          throw new CaseFailure(
            `validBefore ${before} is ${before - limit + 30n} s beyond now + maxTimeoutSeconds`,
            evidenceOf(c, obs),
          )
      }),
    ],
  ]),
]
