import { getAddress } from 'viem'
import type { Address } from 'viem'
import { privateKeyToAccount, generatePrivateKey } from 'viem/accounts'
import { defineCase } from '../../case.js'
import type { Harm, Level } from '../../case.js'
import type { Permit2Authorization, Permit2Kind } from '../../../src/evm/permit2/index.js'
import type { TestContext, Wire } from '../../context/types.js'
import { approvePermit2 } from '../facilitator/permit2-pay.js'
import {
  expectPermit2Charged,
  expectRefusedUnmoved,
  holdings,
  partiesOf,
  payPermit2Route,
  permit2Route,
} from './permit2-routes.js'

// spec/07-permit2.md 7.6 for resource servers: Permit2 and upto routes offer, serve and charge as the scheme
// says. Skipped (never passed) for a server whose routes take EIP-3009 only.

const isAddress = (v: unknown) => typeof v === 'string' && /^0x[0-9a-fA-F]{40}$/.test(v)
const isAmount = (v: unknown) => typeof v === 'string' && /^[1-9][0-9]*$/.test(v)

const serverCase = (o: {
  id: string
  clause: string
  harm: Harm
  level?: Level
  title: string
  run: (t: TestContext) => Promise<void>
}) =>
  defineCase({
    id: o.id,
    clause: o.clause,
    level: o.level ?? 'MUST',
    harm: o.harm,
    role: 'server',
    versions: [2],
    tags: ['permit2'],
    title: o.title,
    run: o.run,
  })

/** Checks the fields every Permit2 offer needs; returns its extra. */
function expectPermit2Offer(t: TestContext, offer: Wire): Wire {
  const extra = (offer['extra'] ?? {}) as Wire
  t.check(isAddress(offer['asset']), `the offer's asset ${String(offer['asset'])} is not a token address`, { offer })
  t.check(isAddress(offer['payTo']), `the offer's payTo ${String(offer['payTo'])} is not an address`, { offer })
  t.check(isAmount(offer['amount']), `the offer's amount ${String(offer['amount'])} is not a positive atomic amount`, { offer })
  return extra
}

/** Sends a payment twice: served and charged once, the repeat refused with nothing moved. */
async function expectOnce(t: TestContext, kind: Permit2Kind): Promise<void> {
  const route = await permit2Route(t, kind)
  const paid = await payPermit2Route(t, route)
  const { moved } = (await expectPermit2Charged(t, route, paid))!
  if (moved === 0n) return t.info('the route charged nothing: a repeat costs nobody')
  const { token, payer } = partiesOf(paid)
  const before = await holdings(t, token, [payer])
  await expectRefusedUnmoved(t, await t.fetchPaid(paid, { url: route.url }), token, [payer], before)
}

/** The offer case of a kind: the common fields, then `check` on its extra. */
const offerCase = (kind: Permit2Kind, id: string, title: string, check: (t: TestContext, extra: Wire) => void) =>
  serverCase({
    id,
    clause: 'permit2.server.offer',
    harm: 'interop',
    title,
    run: async (t) => {
      const { offer } = await permit2Route(t, kind)
      check(t, expectPermit2Offer(t, offer))
    },
  })

/**
 * A payment changed as `change` says is refused and moves nothing from its payer (nor, for `watch`, to that
 * address); with `otherToken`, the payer holds and approved that token too, and none of it moves.
 */
type Refusal = {
  kind: Permit2Kind
  id: string
  clause: string
  title: string
  change: (t: TestContext, offered: Address) => { mutate: Mutate; watch?: Address; otherToken?: Address }
}
type Mutate = (a: Permit2Authorization) => Permit2Authorization

const refusalCase = (r: Refusal) =>
  serverCase({
    id: r.id,
    clause: r.clause,
    harm: 'funds',
    title: r.title,
    run: async (t) => {
      const route = await permit2Route(t, r.kind)
      const offered = getAddress(String(route.offer['asset']))
      const { mutate, watch, otherToken } = r.change(t, offered)
      const paid = await payPermit2Route(t, route, mutate)
      const payer = paid.payer.address
      if (otherToken !== undefined) {
        await t.fundToken(otherToken, payer, 1_000_000n)
        await approvePermit2(t, paid.payer, otherToken)
      }
      const who = watch === undefined ? [payer] : [payer, watch]
      const before = await holdings(t, offered, who)
      const [otherBefore] = otherToken === undefined ? [] : await holdings(t, otherToken, [payer])
      await expectRefusedUnmoved(t, await t.fetchPaid(paid, { url: route.url }), offered, who, before)
      if (otherToken === undefined) return
      const [otherAfter] = await holdings(t, otherToken, [payer])
      t.check(otherAfter === otherBefore, `${otherBefore! - otherAfter!} of the other token left the payer`)
    },
  })

const exactCases = [
  offerCase(
    'exact',
    'server.permit2.offer',
    'a Permit2 route offers exact with extra.assetTransferMethod "permit2", its token and payTo',
    (t, extra) =>
      t.check(
        extra['assetTransferMethod'] === 'permit2',
        `an offer in a token without EIP-3009 has extra.assetTransferMethod ${JSON.stringify(extra['assetTransferMethod'])}; a client signs EIP-3009 for it`,
      ),
  ),
  serverCase({
    id: 'server.permit2.paid',
    clause: 'permit2.server.settle',
    harm: 'funds',
    title: 'a correct Permit2 payment is served; the receipt names the transaction that moved exactly the price',
    run: async (t) => {
      const route = await permit2Route(t, 'exact')
      const { moved } = (await expectPermit2Charged(t, route, await payPermit2Route(t, route)))!
      const price = BigInt(String(route.offer['amount']))
      t.check(moved === price, `the payer was charged ${moved} for a price of ${price}`)
    },
  }),
  serverCase({
    id: 'server.permit2.replay',
    clause: 'permit2.server.once',
    harm: 'access',
    title: 'a Permit2 payment sent again is refused and charged once',
    run: (t) => expectOnce(t, 'exact'),
  }),
  refusalCase({
    kind: 'exact',
    id: 'server.permit2.witness-swapped',
    clause: 'permit2.server.refuse',
    title: 'a Permit2 payment whose witness pays another recipient is refused, and nobody is paid',
    change: () => {
      const other = privateKeyToAccount(generatePrivateKey()).address
      return { mutate: (a) => ({ ...a, witness: { ...a.witness, to: other } }), watch: other }
    },
  }),
  refusalCase({
    kind: 'exact',
    id: 'server.permit2.wrong-token',
    clause: 'permit2.server.refuse',
    title: 'a Permit2 payment permitting another token is refused, and nothing moves',
    change: (t, offered) => {
      const candidates = [t.chain.contracts['permitToken'], t.chain.contracts['plainToken']]
      const wrong = candidates.find((c) => c !== undefined && c.toLowerCase() !== offered.toLowerCase())
      if (wrong === undefined) return t.skip('the harness chain has no second Permit2 token')
      return { mutate: (a) => ({ ...a, permitted: { ...a.permitted, token: wrong } }), otherToken: wrong }
    },
  }),
]

/** An upto charge asked of the embedded demo route with `?charge=`, and what must move for it. */
type Charge = {
  id: string
  clause: string
  title: string
  ask: (max: bigint) => bigint
  expect: (max: bigint) => bigint
  /** Refusing the payment (nothing charged) is no failure: the reference settles the maximum, a server may refuse. */
  refusable?: boolean
}
const charges: readonly Charge[] = [
  {
    id: 'server.upto.charged',
    clause: 'permit2.server.upto-charge',
    title: 'an upto payment is served and charged the amount the resource used; the receipt names that amount',
    ask: (max) => (max * 47n) / 100n,
    expect: (max) => (max * 47n) / 100n,
  },
  {
    id: 'server.upto.zero',
    clause: 'permit2.server.upto-charge',
    title: 'an upto payment for a use of 0 is served and charges nothing',
    ask: () => 0n,
    expect: () => 0n,
  },
  {
    id: 'server.upto.at-most',
    clause: 'permit2.server.upto-at-most',
    title: 'an upto payment is never charged more than its maximum, whatever the resource used',
    ask: (max) => max + 1n,
    expect: (max) => max,
    refusable: true,
  },
]

const uptoCases = [
  offerCase(
    'upto',
    'server.upto.offer',
    'an upto route offers its maximum as amount, its token, payTo and extra.facilitatorAddress',
    (t, extra) => {
      t.check(
        isAddress(extra['facilitatorAddress']),
        `the upto offer's extra.facilitatorAddress is ${JSON.stringify(extra['facilitatorAddress'])}: a client cannot sign the witness`,
      )
      if (extra['assetTransferMethod'] !== 'permit2') t.info('the upto offer does not name extra.assetTransferMethod "permit2"')
    },
  ),
  ...charges.map((c) =>
    serverCase({
      id: c.id,
      clause: c.clause,
      harm: 'funds',
      title: c.title,
      run: async (t) => {
        const route = await permit2Route(t, 'upto')
        const max = BigInt(String(route.offer['amount']))
        // only the embedded demo route lets the case choose the use; elsewhere the route decides it
        const embedded = t.target.kind === 'embedded'
        if (!embedded && c.id !== 'server.upto.charged') t.skip("the use of another target's upto route cannot be chosen")
        const url = embedded ? `${route.url}?charge=${c.ask(max)}` : route.url
        const paid = await payPermit2Route(t, route)
        const charged = await expectPermit2Charged(t, route, paid, url, c.refusable === true)
        if (charged === undefined) return
        const { receipt, moved } = charged
        t.check(moved <= max, `the payer was charged ${moved}, above the authorized maximum ${max}`)
        t.check(receipt['amount'] === moved.toString(), `the receipt's amount is ${String(receipt['amount'])}, ${moved} moved`)
        if (embedded) t.check(moved === c.expect(max), `the resource used ${c.expect(max)} but the payer was charged ${moved}`)
      },
    }),
  ),
  refusalCase({
    kind: 'upto',
    id: 'server.upto.maximum-below',
    clause: 'permit2.server.upto-maximum',
    title: "an upto payment authorizing less than the route's maximum is refused, and nothing moves",
    change: () => ({ mutate: (a) => ({ ...a, permitted: { ...a.permitted, amount: a.permitted.amount - 1n } }) }),
  }),
  serverCase({
    id: 'server.upto.replay',
    clause: 'permit2.server.once',
    harm: 'access',
    title: 'an upto payment sent again is refused and charged once',
    run: (t) => expectOnce(t, 'upto'),
  }),
]

export const cases = [...exactCases, ...uptoCases]
