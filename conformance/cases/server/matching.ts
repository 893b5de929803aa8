import { parseAbi } from 'viem'
import type { Address } from 'viem'
import { defineCase } from '../../case.js'
import type { Paid, TestContext, Wire } from '../../context/types.js'
import { setRequirement } from '../helpers.js'
import { challengeOf, expectNoFacilitatorCall, lessThanPrice, priceOf } from './helpers-server.js'
import { expectServedAndCharged, mismatchCase, snapshotOf } from './outcomes.js'
import type { MismatchRow } from './outcomes.js'
import { should } from '../levels.js'

/**
 * http.server.match-offer: "A payment is served only for a requirement the server offered." Each row
 * sends a payment that differs from the offer, judged by its consequence (mismatchCase).
 */
const stranger = '0x000000000000000000000000000000000000dEaD'
const tokenDomainAbi = parseAbi(['function name() view returns (string)', 'function version() view returns (string)'])

/** A correct payment signed in the chain's second token (funded), for the same price and payTo. */
async function payInOtherToken(t: TestContext): Promise<Paid> {
  const token = (t.chain.contracts['tokenB'] ?? t.skip('the chain has no second token')) as Address
  const read = (functionName: 'name' | 'version') =>
    t.chain.client.readContract({ address: token, abi: tokenDomainAbi, functionName })
  const [name, version] = await Promise.all([read('name'), read('version')])
  const payer = await t.payer()
  await t.fundToken(token, payer.address, 1_000_000n)
  return t.pay({ payer, requirements: t.requirements({ asset: token, extra: { name, version } }) })
}

const mismatches: readonly MismatchRow[] = [
  {
    id: 'server.matching.underpay',
    harm: 'funds',
    versions: [1, 2],
    title: 'a payment authorizing less than the offer is not served unless the offer is paid; nothing else is charged',
    make: (t) => t.pay({ authorization: { value: lessThanPrice(t) } }),
  },
  {
    id: 'server.matching.overpay',
    harm: 'funds',
    versions: [1, 2],
    title: 'a payment authorizing more than the offer is never charged more than the price',
    make: (t) => t.pay({ authorization: { value: priceOf(t) + 1n } }),
  },
  {
    id: 'server.matching.other-amount',
    harm: 'funds',
    versions: [1, 2],
    title: 'a payment made for a cheaper price than offered (requirements and authorization agree) is not served',
    make: (t) => t.pay({ requirements: t.requirements({ amount: lessThanPrice(t) }) }),
  },
  {
    id: 'server.matching.other-network',
    harm: 'access',
    versions: [1, 2],
    title: 'a payment made for another network than offered is not served without a settled payment',
    make: (t) =>
      t.pay({ requirements: t.requirements({ network: t.version === 1 ? 'base' : 'eip155:8453' }), domain: { chainId: 8453 } }),
  },
  {
    id: 'server.matching.other-payto-signed',
    harm: 'funds',
    versions: [1, 2],
    title: "a payment whose signed authorization pays another address than the offer's payTo is not served",
    make: (t) => t.pay({ authorization: { to: stranger } }),
  },
  {
    id: 'server.matching.unoffered-payto',
    harm: 'funds',
    versions: [1, 2],
    title: 'a payment to a payTo the server never offered (requirements and authorization agree) is not served and pays no one',
    make: (t) => t.pay({ requirements: t.requirements({ payTo: stranger }) }),
  },
  {
    id: 'server.matching.other-asset',
    harm: 'funds',
    versions: [1, 2],
    title: 'a payment in another EIP-3009 token than offered (funded, correctly signed) is not served and moves no token',
    make: payInOtherToken,
  },
  {
    id: 'server.matching.uint256-max-value',
    harm: 'funds',
    versions: [1, 2],
    title: 'a payment authorizing 2^256 − 1 units is not served and nothing is charged',
    make: (t) => t.pay({ authorization: { value: (1n << 256n) - 1n } }),
  },
]

export const cases = [
  ...mismatches.map(mismatchCase),
  defineCase({
    id: 'server.matching.unoffered-not-forwarded',
    clause: 'http.server.match-offer',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'server',
    versions: [1, 2],
    title: 'a payment to a payTo the server never offered is refused with 402 without asking the facilitator',
    run: async (t) => {
      const paid = await t.pay({ requirements: t.requirements({ payTo: stranger }) })
      const before = await snapshotOf(t, paid)
      const res = await t.fetchPaid(paid)
      await t.ledger.expectUntouched(before)
      t.check(res.status === 402, `expected 402, got ${res.status}`, { body: res.body })
      t.target.hostile
        ? expectNoFacilitatorCall(t, 'a payment matching none of its offers')
        : t.skip('facilitator calls are not observable')
    },
  }),
  defineCase({
    // a refusal charges nothing and no upstream client re-cases the offer's addresses: no peer is shown failing
    ...should('server'),
    id: 'server.matching.address-case',
    clause: 'http.server.match-offer',
    title: 'a payment spelling payTo and asset in another letter case than the offer is served and charged once',
    run: async (t) => {
      const offer = t.requirements()
      const flip = (a: unknown) => {
        const hex = String(a).slice(2)
        return `0x${hex.toLowerCase() === hex ? hex.toUpperCase() : hex.toLowerCase()}`
      }
      const paid = await t.pay()
      if (t.version === 2) {
        setRequirement(paid, 'payTo', flip(offer['payTo']))
        setRequirement(paid, 'asset', flip(offer['asset']))
      }
      const inner = paid.payload['payload'] as Wire
      const auth = inner['authorization'] as Wire
      paid.payload = { ...paid.payload, payload: { ...inner, authorization: { ...auth, to: flip(auth['to']) } } }
      await expectServedAndCharged(t, paid)
    },
  }),
  defineCase({
    id: 'server.matching.unknown-members',
    clause: 'envelopes.open-objects',
    level: 'MUST',
    harm: 'interop',
    role: 'server',
    versions: [1, 2],
    title: 'a correct payment carrying unknown members (top level, v2 extensions) is served and charged once',
    run: async (t) => {
      const extensions = t.version === 2 ? { extensions: { 'x-test': { info: { a: 1 } } } } : {}
      await expectServedAndCharged(t, await t.pay({ wire: { futureMember: { any: ['thing', 1] }, ...extensions } }))
    },
  }),
  defineCase({
    id: 'server.matching.v1-refusal-body',
    clause: 'http.v1.refusal.body',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'server',
    versions: [1],
    title: 'a refused v1 payment is answered with a v1 challenge body whose error says why',
    run: async (t) => {
      const res = await t.fetchPaid(await t.pay({ authorization: { value: lessThanPrice(t) } }))
      const c = challengeOf(1, res)
      t.check(
        res.status === 402 && c?.['x402Version'] === 1 && Array.isArray(c['accepts']),
        `the refusal is not a v1 challenge (${res.status})`,
        { body: res.body },
      )
      t.check(typeof c!['error'] === 'string' && c!['error'] !== '', 'the v1 refusal has no error', { body: res.body })
    },
  }),
  defineCase({
    id: 'server.matching.refusal-in-kind',
    clause: 'http.versions.reply-in-kind',
    level: 'MUST',
    harm: 'interop',
    role: 'server',
    versions: [1, 2],
    title: "a refused payment is answered with the challenge form of the payment's version",
    run: async (t) => {
      const res = await t.fetchPaid(await t.pay({ authorization: { value: lessThanPrice(t) } }))
      t.check(res.status === 402, `expected 402, got ${res.status}`, { body: res.body })
      const c = challengeOf(t.version, res)
      const form = t.version === 1 ? 'JSON body' : 'PAYMENT-REQUIRED header'
      t.check(
        c?.['x402Version'] === t.version && Array.isArray(c['accepts']),
        `the refusal of a v${t.version} payment carries no v${t.version} challenge (${form})`,
        {
          body: res.body,
          decoded: res.decoded,
        },
      )
    },
  }),
]
