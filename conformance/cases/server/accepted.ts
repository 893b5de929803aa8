import { defineCase } from '../../case.js'
import type { Paid, TestContext, Wire } from '../../context/types.js'
import { expectNoFacilitatorCall, isServed } from './helpers-server.js'
import { expectServedAndCharged, mismatchCase, snapshotOf } from './outcomes.js'

/**
 * v2 `accepted` and `resource` (http.server.match-offer, http.server.resource-binding). A payment whose
 * `accepted` differs from the offer is judged by its consequence (served only when the offer was paid);
 * the exact comparison itself is the hygiene case `accepted-any-field`.
 */

/** A correct v2 payment whose `accepted` (not what it signed) is changed by `change`. */
const withAccepted =
  (change: (accepted: Wire) => Wire) =>
  async (t: TestContext): Promise<Paid> => {
    const paid = await t.pay()
    paid.payload = { ...paid.payload, accepted: change({ ...(paid.payload['accepted'] as Wire) }) }
    return paid
  }

/** A correct v2 payment whose `resource.url` is `url(t)`. */
const forResource =
  (url: (t: TestContext) => string) =>
  async (t: TestContext): Promise<Paid> => {
    const paid = await t.pay()
    paid.payload = { ...paid.payload, resource: { ...(paid.payload['resource'] as Wire), url: url(t) } }
    return paid
  }

const withoutField = (field: string) => (accepted: Wire) => {
  delete accepted[field]
  return accepted
}

/** The v1 form of a v2 offer: `maxAmountRequired`, the v1 network name, a resource. */
const asV1 = (t: TestContext) => (accepted: Wire) => {
  const { amount, ...rest } = accepted
  const v1 = { maxAmountRequired: amount, network: t.chain.networkV1 ?? 'base-sepolia', resource: t.resourceUrl }
  return { ...rest, ...v1, description: '', mimeType: 'application/json' }
}

const acceptedRows = [
  {
    id: 'server.matching.accepted-timeout',
    title: 'a v2 payment whose accepted has another maxTimeoutSeconds is not served unless the offer is paid',
    make: withAccepted((a) => ({ ...a, maxTimeoutSeconds: Number(a['maxTimeoutSeconds']) + 3600 })),
  },
  {
    id: 'server.matching.accepted-extra',
    title: 'a v2 payment whose accepted names another token domain in extra is not served unless the offer is paid',
    make: withAccepted((a) => ({ ...a, extra: { ...(a['extra'] as Wire), name: 'Fake Dollar' } })),
  },
  {
    id: 'server.matching.accepted-amount-spelling',
    title: 'a v2 payment whose accepted amount spells the price with a leading zero is not served unless the offer is paid',
    make: withAccepted((a) => ({ ...a, amount: `0${String(a['amount'])}` })),
  },
  {
    id: 'server.matching.accepted-scheme',
    title: 'a v2 payment whose accepted names another scheme is not served unless the offer is paid',
    make: withAccepted((a) => ({ ...a, scheme: 'upto' })),
  },
  {
    id: 'server.matching.accepted-asset',
    title: 'a v2 payment whose accepted names another asset than it signed for is not served unless the offer is paid',
    make: withAccepted((a) => ({ ...a, asset: '0x000000000000000000000000000000000000bEEF' })),
  },
  {
    id: 'server.matching.accepted-payto',
    title: 'a v2 payment whose accepted names another payTo than offered is not served unless the offer is paid',
    make: withAccepted((a) => ({ ...a, payTo: '0x000000000000000000000000000000000000dEaD' })),
  },
  {
    id: 'server.matching.accepted-missing-field',
    title: 'a v2 payment whose accepted lacks maxTimeoutSeconds is not served unless the offer is paid',
    make: withAccepted(withoutField('maxTimeoutSeconds')),
  },
  {
    id: 'server.matching.accepted-v1-shape',
    title: 'a v2 payment whose accepted is the v1 form of the offer (maxAmountRequired) is not served unless the offer is paid',
    make: async (t: TestContext) => withAccepted(asV1(t))(t),
  },
] as const

/** One field of an offer, changed: another number, address, integer string, string or object. */
function changed(v: unknown): unknown {
  if (typeof v === 'number') return v + 1
  if (typeof v === 'object' && v !== null) return { ...v, added: 'member' }
  if (typeof v !== 'string') return 'changed'
  if (/^0x[0-9a-fA-F]{40}$/.test(v)) return `0x${'1'.repeat(40)}`
  return /^[0-9]+$/.test(v) ? String(BigInt(v) + 1n) : `${v}x`
}

export const cases = [
  ...acceptedRows.map((row) => mismatchCase({ ...row, harm: 'access', versions: [2] })),
  defineCase({
    id: 'server.matching.accepted-any-field',
    clause: 'http.server.match-offer',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'server',
    versions: [2],
    title:
      'a v2 payment whose accepted differs from the offer in any one field is refused with 402 without asking the facilitator',
    run: async (t) => {
      const paid = await t.pay()
      const before = await snapshotOf(t, paid)
      const offer = paid.payload['accepted'] as Wire
      for (const field of Object.keys(offer)) {
        const res = await t.fetchPaid(undefined, {
          header: t.encode({ ...paid.payload, accepted: { ...offer, [field]: changed(offer[field]) } }),
        })
        t.check(
          !isServed(res.status) && res.status !== 0 && res.status < 500,
          `accepted with another ${field} was answered ${res.status}`,
          { body: res.body },
        )
        t.check(
          res.status === 402 || res.status === 400,
          `accepted with another ${field} was answered ${res.status}, expected 402`,
          { body: res.body },
        )
        expectNoFacilitatorCall(t, `a payment whose accepted has another ${field} than any offer`)
      }
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'server.matching.other-origin',
    clause: 'http.server.resource-binding',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'server',
    versions: [2],
    title: 'a v2 payment whose resource names the same path on another origin is refused with 402',
    run: async (t) => {
      const paid = await forResource((c) => `https://attacker.example${new URL(c.resourceUrl).pathname}`)(t)
      const before = await snapshotOf(t, paid)
      const res = await t.fetchPaid(paid)
      t.check(res.status === 402, `a payment made for another origin was answered ${res.status}`, { body: res.body })
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'server.matching.other-resource',
    clause: 'http.server.resource-binding',
    level: 'MUST',
    harm: 'access',
    role: 'server',
    versions: [2],
    title: 'a v2 payment whose resource names another paid URL is not served and nothing is charged',
    run: async (t) => {
      const other = t.target.serverUrls.find((u) => u !== t.resourceUrl) ?? t.skip('the target has a single paid URL')
      const paid = await forResource(() => other)(t)
      const before = await snapshotOf(t, paid)
      const res = await t.fetchPaid(paid)
      t.check(!isServed(res.status), `a payment made for ${other} was served (${res.status}) at ${t.resourceUrl}`, {
        body: res.body,
      })
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'server.matching.resource-omitted',
    clause: 'envelopes.v2.payment-payload',
    level: 'MUST',
    harm: 'interop',
    role: 'server',
    versions: [2],
    title: 'a correct v2 payment without the optional resource member is served and charged once',
    run: async (t) => {
      await expectServedAndCharged(t, await t.pay({ wire: { resource: undefined } }))
    },
  }),
]
