import { CaseFailure } from '../../context/failure.js'
import { clientCases } from '../../client/defineClientCase.js'
import type { ClientContext } from '../../client/context.js'
import type { OfferInput } from '../../client/offers.js'
import { evidenceOf, expectChargedOnce, expectNoPayment, expectPays, onlyPayment } from '../../client/expect.js'

/** The offer also carries the other version's price member at ten times the price: it is paid at its own price, or not at all. */
const ownPrice = (member: string) => async (c: ClientContext) => {
  const obs = await c.observe(c.honest([c.offer({ more: { [member]: `${c.price * 10n}` } })]))
  for (const p of obs.payments) expectPays(c, obs, p, c.offer(), 'value')
}

/** An offer whose reading the protocol leaves open: whether the client pays it is recorded (INFO). */
const recorded = (input: (c: ClientContext) => OfferInput, what: string) => async (c: ClientContext) => {
  // The offer is built when the client asks: the payer (pay-to-self) is known only then.
  const obs = await c.observe((hit, at) => c.honest([c.offer(input(c))])(hit, at))
  if (obs.payments.length > 0) throw new CaseFailure(`the client paid an offer that ${what}`, evidenceOf(c, obs))
}

const parse = 'http.client.parse-challenge'

export const cases = [
  ...clientCases('offers', { level: 'MUST', harm: 'funds', versions: [2] }, [
    [
      'v2-ignores-max-amount-required',
      'exact-evm.client.value-exact',
      'a v2 offer that also carries maxAmountRequired at ten times its price is paid at its own price, or not at all',
      ownPrice('maxAmountRequired'),
    ],
  ]),
  ...clientCases('offers', { level: 'MUST', harm: 'funds', versions: [1] }, [
    [
      'v1-ignores-amount',
      'exact-evm.client.value-exact',
      'a v1 offer that also carries amount at ten times its price is paid at its own price, or not at all',
      ownPrice('amount'),
    ],
  ]),
  ...clientCases('offers', { level: 'MUST', harm: 'funds' }, [
    [
      'duplicates',
      'http.client.retry-once',
      'a challenge listing the same offer three times is paid once',
      async (c) => {
        const offer = c.offer()
        expectChargedOnce(c, await c.observe(c.honest([offer, offer, offer])), 'one request, one price, listed three times')
      },
    ],
  ]),
  ...clientCases('offers', { level: 'MUST', harm: 'interop' }, [
    [
      'domain-members-in-extra',
      'exact-evm.client.domain',
      "extra naming chainId 1 and another verifyingContract does not change the domain: the offer's network and asset sign",
      async (c) => {
        const { name, version } = c.harness.chain.asset
        const offer = c.offer({ extra: { name, version, chainId: 1, verifyingContract: c.harness.chain.contracts.tokenB } })
        const obs = await c.observe(c.honest([offer]))
        expectPays(c, obs, onlyPayment(c, obs), offer, 'domain')
      },
    ],
  ]),
  ...clientCases('offers', { level: 'SHOULD', harm: 'hygiene' }, [
    [
      'pay-to-zero',
      'http.client.recipient-sane',
      'an offer whose payTo is the zero address is not signed',
      async (c) => {
        const obs = await c.observe(c.honest([c.offer({ payTo: '0x0000000000000000000000000000000000000000' })]))
        expectNoPayment(c, obs, 'a transfer to the zero address burns the payment or is refused by the token')
      },
    ],
  ]),
  ...clientCases('offers', { level: 'INFO', harm: 'hygiene', versions: [2] }, [
    [
      'network-v1-name-in-v2',
      parse,
      'an offer that names its network in the v1 form: whether the client pays it is recorded',
      recorded((c) => ({ network: c.harness.chain.networkV1 ?? 'base-sepolia' }), 'names its network in the v1 form'),
    ],
  ]),
  ...clientCases('offers', { level: 'INFO', harm: 'hygiene', versions: [1] }, [
    [
      'network-caip2-in-v1',
      parse,
      'an offer that names its network in the CAIP-2 form: whether the client pays it is recorded',
      recorded((c) => ({ network: c.harness.chain.network }), 'names its network in the CAIP-2 form'),
    ],
  ]),
  ...clientCases('offers', { level: 'INFO', harm: 'hygiene' }, [
    [
      'scheme-upper-case',
      parse,
      'an offer that spells its scheme "EXACT": whether the client pays it is recorded',
      recorded(() => ({ scheme: 'EXACT' }), 'spells its scheme "EXACT"'),
    ],
    [
      'pay-to-self',
      'http.client.recipient-sane',
      "an offer that names the payer's own address as payTo: whether the client pays it is recorded",
      recorded((c) => ({ payTo: c.payer }), "names the payer's own address as payTo"),
    ],
  ]),
]
