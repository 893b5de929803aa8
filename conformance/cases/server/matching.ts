import { parseAbi } from 'viem'
import type { Address } from 'viem'
import { defineCase } from '../../case.js'
import type { Version } from '../../case.js'
import type { Paid, TestContext, Wire } from '../../context/types.js'
import { setRequirement } from '../helpers.js'
import { challengeOf, expectNoFacilitatorCall, expectRefused, expectServedWithReceipt, isServed, lessThanPrice, priceOf } from './helpers-server.js'

/**
 * A payment that differs from every offer: refused with 402, nothing charged, and (when `silent`
 * and observable) the facilitator never asked.
 */
const refused = (name: string, clause: string, versions: Version[], title: string, make: (t: TestContext) => Promise<Paid>, silent: boolean | ((v: Version) => boolean) = true, malformed = false) =>
  defineCase({
    id: `server.matching.${name}`,
    clause,
    level: 'MUST',
    role: 'server',
    versions,
    title,
    run: async (t) => {
      const paid = await make(t)
      const before = await t.ledger.snapshot(paid)
      await expectRefused(t, await t.fetchPaid(paid), before, { malformed })
      if (typeof silent === 'function' ? silent(t.version) : silent) expectNoFacilitatorCall(t, 'a payment matching none of its offers')
    },
  })

/** A v2 payment whose `accepted` (and what it signed) differs from the offer in one field. */
const acceptedDiffers = (name: string, title: string, field: string, value: (t: TestContext, offer: Wire) => unknown, malformed = false) =>
  refused(name, 'http.server.match-offer', [2], title, async (t) => {
    const paid = await t.pay()
    paid.payload = { ...paid.payload, accepted: { ...(paid.payload['accepted'] as Wire), [field]: value(t, paid.requirements) } }
    return paid
  }, true, malformed)

const tokenDomainAbi = parseAbi(['function name() view returns (string)', 'function version() view returns (string)'])

export const cases = [
  refused('underpay', 'http.server.match-offer', [1, 2], 'a payment authorizing less than the offer is refused with 402 and nothing is charged', (t) => t.pay({ authorization: { value: lessThanPrice(t) } }), false),
  refused('overpay', 'http.server.match-offer', [1, 2], 'a payment authorizing more than the offer is refused with 402 and nothing is charged', (t) => t.pay({ authorization: { value: priceOf(t) + 1n } }), false),
  refused('other-amount', 'http.server.match-offer', [1, 2], 'a payment made for a cheaper price than offered (requirements and authorization agree) is refused with 402', (t) => t.pay({ requirements: t.requirements({ amount: lessThanPrice(t) }) })),
  refused('other-network', 'http.server.match-offer', [1, 2], 'a payment made for another network than offered is refused with 402', (t) =>
    t.pay({ requirements: t.requirements({ network: t.version === 1 ? 'base' : 'eip155:8453' }), domain: { chainId: 8453 } }),
  ),
  refused('other-payto-signed', 'http.server.match-offer', [1, 2], "a payment whose signed authorization pays another address than the offer's payTo is refused with 402", (t) =>
    t.pay({ authorization: { to: '0x000000000000000000000000000000000000dEaD' } }), (v) => v === 1),
  defineCase({
    id: 'server.matching.unoffered-not-forwarded',
    clause: 'http.server.match-offer',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a payment to a payTo the server never offered is refused with 402 without asking the facilitator',
    run: async (t) => {
      const stranger = '0x000000000000000000000000000000000000dEaD'
      const paid = await t.pay({ requirements: t.requirements({ payTo: stranger }) })
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(paid)
      t.check(res.status === 402, `expected 402, got ${res.status}`, { body: res.body })
      const calls = t.facilitatorCalls()
      t.check(calls.verify === 0 && calls.settle === 0, `the server asked the facilitator (${calls.verify} verify, ${calls.settle} settle) about a payment matching none of its offers`)
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'server.matching.other-asset',
    clause: 'http.server.match-offer',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a payment in another EIP-3009 token than offered (funded, correctly signed) is refused with 402 and neither token moves',
    run: async (t) => {
      const token = (t.chain.contracts['tokenB'] ?? t.skip('the chain has no second token')) as Address
      const [name, version] = await Promise.all([
        t.chain.client.readContract({ address: token, abi: tokenDomainAbi, functionName: 'name' }),
        t.chain.client.readContract({ address: token, abi: tokenDomainAbi, functionName: 'version' }),
      ])
      const payer = await t.payer()
      await t.fundToken(token, payer.address, 1_000_000n)
      const paid = await t.pay({ payer, requirements: t.requirements({ asset: token, extra: { name, version } }) })
      const inAsset: Paid = { ...paid, requirements: t.requirements() }
      const [before, beforeAsset] = await Promise.all([t.ledger.snapshot(paid), t.ledger.snapshot(inAsset)])
      await expectRefused(t, await t.fetchPaid(paid), before)
      await t.ledger.expectUntouched(beforeAsset)
      if (t.version === 2) expectNoFacilitatorCall(t, 'a payment in an unoffered asset')
    },
  }),
  acceptedDiffers('accepted-timeout', 'a v2 payment whose accepted has another maxTimeoutSeconds is refused with 402', 'maxTimeoutSeconds', (_t, o) => Number(o['maxTimeoutSeconds']) + 3600),
  acceptedDiffers('accepted-extra', 'a v2 payment whose accepted names another token domain in extra is refused with 402', 'extra', (_t, o) => ({ ...(o['extra'] as Wire), name: 'Fake Dollar' })),
  acceptedDiffers('accepted-amount-spelling', 'a v2 payment whose accepted amount is a non-canonical spelling of the price (leading zero) is refused with 402', 'amount', (_t, o) => `0${String(o['amount'])}`, true),
  acceptedDiffers('accepted-scheme', 'a v2 payment whose accepted names another scheme is refused with 402', 'scheme', () => 'upto'),
  acceptedDiffers('accepted-asset', 'a v2 payment whose accepted names another asset than it signed for is refused with 402', 'asset', () => '0x000000000000000000000000000000000000bEEF'),
  acceptedDiffers('accepted-payto', 'a v2 payment whose accepted names another payTo than offered is refused with 402', 'payTo', () => '0x000000000000000000000000000000000000dEaD'),
  refused('accepted-missing-field', 'http.server.match-offer', [2], 'a v2 payment whose accepted lacks maxTimeoutSeconds is refused', async (t) => {
    const paid = await t.pay()
    const accepted = { ...(paid.payload['accepted'] as Wire) }
    delete accepted['maxTimeoutSeconds']
    paid.payload = { ...paid.payload, accepted }
    return paid
  }, true, true),
  defineCase({
    id: 'server.matching.address-case',
    clause: 'http.server.match-offer',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a payment spelling payTo and asset in another letter case than the offer is served and charged once',
    run: async (t) => {
      const offer = t.requirements()
      const flip = (a: unknown) => `0x${String(a).slice(2).toLowerCase() === String(a).slice(2) ? String(a).slice(2).toUpperCase() : String(a).slice(2).toLowerCase()}`
      const paid = await t.pay()
      if (t.version === 2) {
        setRequirement(paid, 'payTo', flip(offer['payTo']))
        setRequirement(paid, 'asset', flip(offer['asset']))
      }
      const auth = (paid.payload['payload'] as Wire)['authorization'] as Wire
      paid.payload = { ...paid.payload, payload: { ...(paid.payload['payload'] as Wire), authorization: { ...auth, to: flip(auth['to']) } } }
      const before = await t.ledger.snapshot(paid)
      const receipt = expectServedWithReceipt(t, await t.fetchPaid(paid))
      await t.ledger.expectPaid(before, typeof receipt['transaction'] === 'string' ? receipt['transaction'] : undefined)
    },
  }),
  defineCase({
    id: 'server.matching.other-resource',
    clause: 'http.server.resource-binding',
    level: 'MUST',
    role: 'server',
    versions: [2],
    title: 'a v2 payment whose resource names another paid URL is refused with 402 and nothing is charged',
    run: async (t) => {
      const other = t.target.serverUrls.find((u) => u !== t.resourceUrl) ?? t.skip('the target has a single paid URL')
      const paid = await t.pay()
      paid.payload = { ...paid.payload, resource: { ...(paid.payload['resource'] as Wire), url: other } }
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(paid)
      t.check(res.status === 402, `a payment made for ${other} was answered ${res.status} at ${t.resourceUrl}`, { body: res.body })
      await t.ledger.expectUntouched(before)
    },
  }),
  refused('other-origin', 'http.server.resource-binding', [2], 'a v2 payment whose resource names the same path on another origin is refused with 402', async (t) => {
    const paid = await t.pay()
    const u = new URL(t.resourceUrl)
    paid.payload = { ...paid.payload, resource: { ...(paid.payload['resource'] as Wire), url: `https://attacker.example${u.pathname}` } }
    return paid
  }),
  defineCase({
    id: 'server.matching.resource-omitted',
    clause: 'envelopes.v2.payment-payload',
    level: 'MUST',
    role: 'server',
    versions: [2],
    title: 'a correct v2 payment without the optional resource member is served and charged once',
    run: async (t) => {
      const paid = await t.pay({ wire: { resource: undefined } })
      const before = await t.ledger.snapshot(paid)
      const receipt = expectServedWithReceipt(t, await t.fetchPaid(paid))
      await t.ledger.expectPaid(before, typeof receipt['transaction'] === 'string' ? receipt['transaction'] : undefined)
    },
  }),
  defineCase({
    id: 'server.matching.unknown-members',
    clause: 'envelopes.open-objects',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a correct payment carrying unknown members (top level, v2 extensions) is served and charged once',
    run: async (t) => {
      const paid = await t.pay({ wire: { futureMember: { any: ['thing', 1] }, ...(t.version === 2 ? { extensions: { 'x-test': { info: { a: 1 } } } } : {}) } })
      const before = await t.ledger.snapshot(paid)
      const receipt = expectServedWithReceipt(t, await t.fetchPaid(paid))
      await t.ledger.expectPaid(before, typeof receipt['transaction'] === 'string' ? receipt['transaction'] : undefined)
    },
  }),
  defineCase({
    id: 'server.matching.v1-refusal-body',
    clause: 'http.v1.refusal.body',
    level: 'SHOULD',
    role: 'server',
    versions: [1],
    title: 'a refused v1 payment is answered with a v1 challenge body whose error says why',
    run: async (t) => {
      const res = await t.fetchPaid(await t.pay({ authorization: { value: lessThanPrice(t) } }))
      const c = challengeOf(1, res)
      t.check(res.status === 402 && c?.['x402Version'] === 1 && Array.isArray(c['accepts']), `the refusal is not a v1 challenge (${res.status})`, { body: res.body })
      t.check(typeof c!['error'] === 'string' && c!['error'] !== '', 'the v1 refusal has no error', { body: res.body })
    },
  }),
  defineCase({
    id: 'server.matching.refusal-in-kind',
    clause: 'http.versions.reply-in-kind',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: "a refused payment is answered with the challenge form of the payment's version",
    run: async (t) => {
      const res = await t.fetchPaid(await t.pay({ authorization: { value: lessThanPrice(t) } }))
      t.check(res.status === 402, `expected 402, got ${res.status}`, { body: res.body })
      const c = challengeOf(t.version, res)
      t.check(c?.['x402Version'] === t.version && Array.isArray(c['accepts']), `the refusal of a v${t.version} payment carries no v${t.version} challenge (${t.version === 1 ? 'JSON body' : 'PAYMENT-REQUIRED header'})`, { body: res.body, decoded: res.decoded })
    },
  }),
  refused('accepted-v1-shape', 'http.server.match-offer', [2], 'a v2 payment whose accepted is the v1 form of the offer (maxAmountRequired, v1 network name) is refused', async (t) => {
    const paid = await t.pay()
    const offer = paid.payload['accepted'] as Wire
    const { amount, ...rest } = offer
    paid.payload = { ...paid.payload, accepted: { ...rest, maxAmountRequired: amount, network: t.chain.networkV1 ?? 'base-sepolia', resource: t.resourceUrl, description: '', mimeType: 'application/json' } }
    return paid
  }, true, true),
  refused('uint256-max-value', 'http.server.match-offer', [1, 2], 'a payment authorizing 2^256 − 1 units is refused with 402 and nothing is charged', (t) => t.pay({ authorization: { value: (1n << 256n) - 1n } }), false),
  defineCase({
    id: 'server.matching.accepted-any-field',
    clause: 'http.server.match-offer',
    level: 'MUST',
    role: 'server',
    versions: [2],
    title: 'a v2 payment whose accepted differs from the offer in any one field (each field in turn) is refused with 402 without asking the facilitator',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const offer = paid.payload['accepted'] as Wire
      const change = (v: unknown): unknown =>
        typeof v === 'number' ? v + 1 : typeof v === 'string' ? (/^0x[0-9a-fA-F]{40}$/.test(v) ? `0x${'1'.repeat(40)}` : /^[0-9]+$/.test(v) ? String(BigInt(v) + 1n) : `${v}x`) : typeof v === 'object' && v !== null ? { ...v, added: 'member' } : 'changed'
      for (const field of Object.keys(offer)) {
        const res = await t.fetchPaid(undefined, { header: t.encode({ ...paid.payload, accepted: { ...offer, [field]: change(offer[field]) } }) })
        t.check(!isServed(res.status) && res.status !== 0 && res.status < 500, `accepted with another ${field} was answered ${res.status}`, { body: res.body })
        t.check(res.status === 402 || res.status === 400, `accepted with another ${field} was answered ${res.status}, expected 402`, { body: res.body })
        expectNoFacilitatorCall(t, `a payment whose accepted has another ${field} than any offer`)
      }
      await t.ledger.expectUntouched(before)
    },
  }),
]
