import { CaseFailure } from '../../context/failure.js'
import type { Version } from '../../case.js'
import { defineClientCase } from '../../client/defineClientCase.js'
import type { ClientContext } from '../../client/context.js'
import type { OfferInput } from '../../client/offers.js'
import { evidenceOf, expectChargedOnce, expectNoPayment, expectPays, onlyPayment } from '../../client/expect.js'

/** A member of the other version beside the version's own price, ten times higher: name, version, member. */
const otherVersionPrice = [
  ['v2-ignores-max-amount-required', 2, 'maxAmountRequired'],
  ['v1-ignores-amount', 1, 'amount'],
] as const

/** Offers whose reading the protocol leaves open: what the client does is recorded (INFO). */
const recorded: readonly (readonly [string, readonly Version[], (c: ClientContext) => OfferInput, string])[] = [
  [
    'network-v1-name-in-v2',
    [2],
    (c) => ({ network: c.harness.chain.networkV1 ?? 'base-sepolia' }),
    'names its network in the v1 form',
  ],
  ['network-caip2-in-v1', [1], (c) => ({ network: c.harness.chain.network }), 'names its network in the CAIP-2 form'],
  ['scheme-upper-case', [1, 2], () => ({ scheme: 'EXACT' }), 'spells its scheme "EXACT"'],
  ['pay-to-self', [1, 2], (c) => ({ payTo: c.payer }), "names the payer's own address as payTo"],
]

export const cases = [
  ...otherVersionPrice.map(([name, version, member]) =>
    defineClientCase({
      id: `client.offers.${name}`,
      clause: 'exact-evm.client.value-exact',
      level: 'MUST',
      harm: 'funds',
      versions: [version],
      title: `a v${version} offer that also carries ${member} at ten times its price is paid at its own price, or not at all`,
      run: async (c) => {
        const offer = c.offer({ more: { [member]: `${c.price * 10n}` } })
        const obs = await c.observe(c.honest([offer]))
        for (const p of obs.payments) expectPays(c, obs, p, c.offer(), 'value')
      },
    }),
  ),
  defineClientCase({
    id: 'client.offers.domain-members-in-extra',
    clause: 'exact-evm.client.domain',
    level: 'MUST',
    harm: 'interop',
    versions: [1, 2],
    title: "extra naming chainId 1 and another verifyingContract does not change the domain: the offer's network and asset sign",
    run: async (c) => {
      const { name, version } = c.harness.chain.asset
      const offer = c.offer({ extra: { name, version, chainId: 1, verifyingContract: c.harness.chain.contracts.tokenB } })
      const obs = await c.observe(c.honest([offer]))
      expectPays(c, obs, onlyPayment(c, obs), offer, 'domain')
    },
  }),
  defineClientCase({
    id: 'client.offers.duplicates',
    clause: 'http.client.retry-once',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'a challenge listing the same offer three times is paid once',
    run: async (c) => {
      const offer = c.offer()
      const obs = await c.observe(c.honest([offer, offer, offer]))
      expectChargedOnce(c, obs, 'one request, one price, listed three times')
    },
  }),
  defineClientCase({
    id: 'client.offers.pay-to-zero',
    clause: 'http.client.recipient-sane',
    level: 'SHOULD',
    harm: 'hygiene',
    versions: [1, 2],
    title: 'an offer whose payTo is the zero address is not signed',
    run: async (c) => {
      const obs = await c.observe(c.honest([c.offer({ payTo: '0x0000000000000000000000000000000000000000' })]))
      expectNoPayment(c, obs, 'a transfer to the zero address burns the payment or is refused by the token')
    },
  }),
  ...recorded.map(([name, versions, input, what]) =>
    defineClientCase({
      id: `client.offers.${name}`,
      clause: 'http.client.parse-challenge',
      level: 'INFO',
      harm: 'hygiene',
      versions,
      title: `an offer that ${what}: whether the client pays it is recorded`,
      run: async (c) => {
        // The offer is built when the client asks: the payer (pay-to-self) is known only then.
        const obs = await c.observe((hit, at) => c.honest([c.offer(input(c))])(hit, at))
        if (obs.payments.length > 0) throw new CaseFailure(`the client paid an offer that ${what}`, evidenceOf(c, obs))
      },
    }),
  ),
]
