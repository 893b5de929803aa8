import { privateKeyToAddress } from 'viem/accounts'
import { CaseFailure } from '../../context/failure.js'
import { defineClientCase } from '../../client/defineClientCase.js'
import type { ClientContext } from '../../client/context.js'
import type { Play } from '../../client/endpoint.js'
import { receiptHeader } from '../../client/offers.js'
import type { OfferInput } from '../../client/offers.js'
import { evidenceOf, expectChargedOnce, expectNoPayment } from '../../client/expect.js'

const otherPayTo = privateKeyToAddress('0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6')

/**
 * The paid retry is answered as `after` says, once the harness has charged the payment (as any holder of the
 * authorization could) when `charge` is set. A second payment for the one logical request is then a second
 * charge, or a second authorization in flight.
 */
function answerRetry(c: ClientContext, charge: boolean, after: (c: ClientContext, origin: string) => ReturnType<Play>): Play {
  return async (hit, at) => {
    if (hit.payment === undefined) return c.challenge([c.offer()], at.origin)
    if (charge) await c.settle(hit)
    return after(c, at.origin)
  }
}

const again = (input: (c: ClientContext) => OfferInput) => (c: ClientContext, origin: string) =>
  c.challenge([c.offer(input(c))], origin)

/** Paid retries answered badly: name, whether the harness charged first, the answer, title. */
const retries: readonly (readonly [string, boolean, (c: ClientContext, origin: string) => ReturnType<Play>, string])[] = [
  ['repeated-402', true, again(() => ({})), 'a server that charges the payment and answers 402 again, forever, gets one payment'],
  [
    'price-raised',
    true,
    again((c) => ({ amount: c.price * 10n })),
    'a server that charges the payment and then asks ten times the price is not paid again',
  ],
  [
    'pay-to-changed',
    true,
    again(() => ({ payTo: otherPayTo })),
    'a server that charges the payment and then names another payTo is not paid again',
  ],
  [
    '402-forever-uncharged',
    false,
    again(() => ({})),
    'a server that answers every paid retry 402 without charging gets one authorization, not a loop',
  ],
  [
    'price-doubled-uncharged',
    false,
    again((c) => ({ amount: c.price * 2n })),
    'a paid retry answered with a fresh challenge at twice the price is not paid again',
  ],
  [
    'pay-to-changed-uncharged',
    false,
    again(() => ({ payTo: otherPayTo })),
    'a paid retry answered with a fresh challenge naming another payTo is not paid again',
  ],
  [
    'settlement-failed',
    true,
    (c, origin) => {
      const reply = c.challenge([c.offer()], origin, { error: 'settlement_failed' })
      return { ...reply, headers: { ...reply.headers, ...failedReceipt(c) } }
    },
    'a paid retry answered "settlement failed" with a fresh challenge is not paid a second time',
  ],
  [
    'settlement-pending',
    true,
    () => ({
      status: 202,
      headers: { 'content-type': 'application/json', 'retry-after': '1' },
      body: '{"error":"settlement_pending"}',
    }),
    'a paid retry answered 202 settlement_pending is not paid a second time',
  ],
  [
    'server-error-after-charge',
    true,
    () => ({ status: 500, body: 'internal error' }),
    'a paid retry answered 500 after the charge is not paid a second time',
  ],
  [
    'served-with-failed-receipt',
    true,
    (c) => ({ status: 200, headers: failedReceipt(c), body: '{"paid":true}' }),
    'a paid retry served 200 with a receipt saying the settlement failed is not paid a second time',
  ],
]

function failedReceipt(c: ClientContext): Record<string, string> {
  return receiptHeader(c.version, {
    success: false,
    errorReason: 'invalid_transaction_state',
    transaction: '',
    network: c.network,
  })
}

export const cases = [
  ...retries.map(([name, charge, after, title]) =>
    defineClientCase({
      id: `client.hostile.${name}`,
      clause: 'http.client.retry-once',
      level: 'MUST',
      harm: 'funds',
      versions: [1, 2],
      title,
      run: async (c) => {
        const obs = await c.observe(answerRetry(c, charge, after))
        expectChargedOnce(c, obs, `${name}: one logical request`)
      },
    }),
  ),
  defineClientCase({
    id: 'client.hostile.redirect-then-402',
    clause: 'http.client.retry-once',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'a request redirected to a paid URL is paid at most once, to the offered payTo',
    run: async (c) => {
      const honest = c.honest([c.offer()])
      const redirect = (at: { origin: string }) => ({ status: 302, headers: { location: `${at.origin}${c.path}` } })
      const obs = await c.observe((hit, at) => (hit.path === '/start' ? redirect(at) : honest(hit, at)), { path: '/start' })
      expectChargedOnce(c, obs, 'one redirected request')
      for (const p of obs.payments)
        if (p.authorization!.to.toLowerCase() !== c.payTo.toLowerCase())
          throw new CaseFailure('the client paid another payTo', evidenceOf(c, obs))
    },
  }),
  defineClientCase({
    id: 'client.hostile.cross-origin-redirect',
    clause: 'http.client.redirect-same-origin',
    level: 'SHOULD',
    harm: 'hygiene',
    versions: [1, 2],
    title: 'a paid retry redirected to another origin (localhost for 127.0.0.1) does not take the payment header along',
    run: async (c) => {
      const other = (origin: string) => origin.replace('127.0.0.1', 'localhost')
      const obs = await c.observe((hit, at) => {
        if (hit.headers['host']?.startsWith('localhost')) return { status: 200, body: '{"moved":true}' }
        if (hit.payment === undefined) return c.challenge([c.offer()], at.origin)
        return { status: 307, headers: { location: `${other(at.origin)}${c.path}` } }
      })
      const carried = obs.hits.filter((h) => h.headers['host']?.startsWith('localhost') && h.payment !== undefined)
      if (carried.length > 0)
        throw new CaseFailure('the payment header followed the redirect to another origin', evidenceOf(c, obs))
    },
  }),
  defineClientCase({
    id: 'client.hostile.fake-usdc',
    clause: 'http.client.asset-identity',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'an offer of another token that calls itself "USD Coin" (extra name and description) is not signed',
    run: async (c) => {
      const fake = c.offer({
        asset: c.harness.chain.contracts.tokenB,
        extra: { name: 'USD Coin', version: '2' },
        description: 'USDC, $0.001',
      })
      const obs = await c.observe(async (hit, at) => {
        if (hit.payment === undefined) return c.challenge([fake], at.origin)
        await c.settle(hit, c.harness.chain.contracts.tokenB)
        return { status: 200, body: '{"paid":true}' }
      })
      expectNoPayment(
        c,
        obs,
        `the offered asset ${String(fake['asset'])} is not the configured asset ${c.harness.chain.asset.address}`,
      )
    },
  }),
  defineClientCase({
    id: 'client.hostile.foreign-resource',
    clause: 'envelopes.v2.resource-echo',
    level: 'INFO',
    harm: 'hygiene',
    versions: [2],
    title: 'a challenge whose resource names another origin: whether the client pays, and what resource it echoes, is recorded',
    run: async (c) => {
      const obs = await c.observe((hit, at) =>
        hit.payment === undefined
          ? c.challenge([c.offer()], at.origin, { resourceUrl: 'https://api.example.com/paid' })
          : { status: 200, body: '{"paid":true}' },
      )
      const echoed = (obs.payments[0]?.payload?.['resource'] as { url?: unknown } | undefined)?.url
      if (obs.payments.length > 0)
        throw new CaseFailure(
          `the client paid a challenge naming https://api.example.com/paid (echoed ${String(echoed)})`,
          evidenceOf(c, obs),
        )
    },
  }),
]
