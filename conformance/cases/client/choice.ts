import { privateKeyToAddress } from 'viem/accounts'
import { CaseFailure } from '../../context/failure.js'
import { clientCases } from '../../client/defineClientCase.js'
import type { ClientContext } from '../../client/context.js'
import type { Reply } from '../../client/endpoint.js'
import type { Offer } from '../../client/offers.js'
import { evidenceOf, expectPays, onlyPayment } from '../../client/expect.js'

/** Anvil's public key #0 as an address nobody deployed a token at on the harness chain. */
const strangerAsset = privateKeyToAddress('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')

const decoyPayTo = privateKeyToAddress('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a')

/** Offers the client cannot or must not take come first, the acceptable honest one last: it pays that one or nothing. */
async function choosesHonest(c: ClientContext, decoys: readonly Offer[]) {
  const good = c.offer()
  const obs = await c.observe(c.honest([...decoys, good]))
  for (const p of obs.payments) {
    for (const decoy of decoys) {
      const a = p.authorization!
      if (a.to.toLowerCase() === String(decoy['payTo']).toLowerCase() && a.to.toLowerCase() !== c.payTo.toLowerCase())
        throw new CaseFailure('the client signed for a decoy offer', evidenceOf(c, obs, { decoy }))
    }
  }
  return { obs, good }
}

/** The honest 402, changed by `change` around its challenge (whose terms alone count): it is paid exactly as offered. */
const paidAsOffered = (change: (c: ClientContext, reply: Reply) => Reply) => async (c: ClientContext) => {
  const offer = c.offer()
  const honest = c.honest([offer])
  const obs = await c.observe(async (hit, at) => {
    const reply = await honest(hit, at)
    return reply.status === 402 ? change(c, reply) : reply
  })
  const payment = onlyPayment(c, obs)
  expectPays(c, obs, payment, offer, 'value')
  expectPays(c, obs, payment, offer, 'to')
}

const parse = 'http.client.parse-challenge'

export const cases = [
  ...clientCases('choice', { level: 'MUST', harm: 'funds' }, [
    [
      'unknown-network',
      'http.client.policy',
      'a cheaper offer of the same token address on another network (Base mainnet) is not signed',
      async (c) => {
        const mainnet = c.version === 1 ? 'base' : 'eip155:8453'
        const { obs } = await choosesHonest(c, [c.offer({ network: mainnet, payTo: decoyPayTo, amount: 1n })])
        const onMainnet = obs.payments.filter(
          (p) => p.payload?.['network'] === mainnet || (p.payload?.['accepted'] as Offer)?.['network'] === mainnet,
        )
        if (onMainnet.length > 0)
          throw new CaseFailure(
            'the client signed an authorization for Base mainnet, a network it was not configured for',
            evidenceOf(c, obs),
          )
      },
    ],
    [
      'unknown-asset',
      'http.client.policy',
      'a cheaper offer in an asset the client was not configured with is not signed',
      async (c) => {
        const extra = { name: 'USDC', version: '2' }
        await choosesHonest(c, [c.offer({ asset: strangerAsset, payTo: decoyPayTo, amount: 1n, extra })])
      },
    ],
  ]),
  ...clientCases('choice', { level: 'MUST', harm: 'interop' }, [
    [
      'unknown-scheme',
      parse,
      'an offer of an unknown scheme listed first is skipped and the exact offer is paid as offered',
      async (c) => {
        const { obs, good } = await choosesHonest(c, [c.offer({ scheme: 'x-unknown-scheme', payTo: decoyPayTo, amount: 1n })])
        const payment = onlyPayment(c, obs)
        expectPays(c, obs, payment, good, 'to')
        expectPays(c, obs, payment, good, 'value')
      },
    ],
    [
      'x402-headers-only',
      'http.client.x402-headers-only',
      'X-Payment-Amount and X-Payment-Address beside the challenge are ignored: the terms come from the challenge',
      paidAsOffered((c, reply) => ({
        ...reply,
        headers: { ...reply.headers, 'x-payment-amount': `${c.price * 100n}`, 'x-payment-address': decoyPayTo },
      })),
    ],
  ]),
  ...clientCases('choice', { level: 'MUST', harm: 'interop', versions: [2] }, [
    [
      'accepted-verbatim',
      'exact-evm.client.accepted-verbatim',
      'v2 accepted is the chosen offer member for member, unknown members and extra entries included',
      async (c) => {
        const offer = c.offer({
          extra: { name: c.harness.chain.asset.name, version: c.harness.chain.asset.version, tier: 'gold' },
          more: { x_note: 'kept' },
        })
        const obs = await c.observe(c.honest([offer]))
        const accepted = onlyPayment(c, obs).payload?.['accepted']
        if (JSON.stringify(sortKeys(accepted)) !== JSON.stringify(sortKeys(offer)))
          throw new CaseFailure('accepted differs from the offer the client chose', evidenceOf(c, obs, { offer, accepted }))
      },
    ],
    [
      'header-over-body',
      parse,
      'a v2 challenge in PAYMENT-REQUIRED with an HTML body is read from the header and paid',
      paidAsOffered((_, reply) => ({
        ...reply,
        headers: { ...reply.headers, 'content-type': 'text/html' },
        body: '<h1>Payment required</h1>',
      })),
    ],
    [
      'header-body-disagree',
      parse,
      'a v2 challenge whose JSON body offers other terms (another payTo, a lower price) is paid as the header says',
      paidAsOffered((c, reply) => {
        const accepts = [c.offer({ payTo: decoyPayTo, amount: 1n })]
        return { ...reply, body: JSON.stringify({ x402Version: 2, error: 'payment required', accepts }) }
      }),
    ],
  ]),
  ...clientCases('choice', { level: 'SHOULD', harm: 'hygiene' }, [
    [
      'malformed-offer',
      'http.client.skip-malformed-offers',
      'a malformed offer beside a good one (amount not a number) is skipped and the good one is paid',
      async (c) => {
        const { obs, good } = await choosesHonest(c, [c.offer({ amount: 'ten dollars', payTo: decoyPayTo })])
        expectPays(c, obs, onlyPayment(c, obs), good, 'to')
      },
    ],
  ]),
]

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, sortKeys(v)]),
  )
}
