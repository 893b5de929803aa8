import { privateKeyToAddress } from 'viem/accounts'
import { CaseFailure } from '../../context/failure.js'
import { defineClientCase } from '../../client/defineClientCase.js'
import type { ClientContext } from '../../client/context.js'
import type { Play } from '../../client/endpoint.js'
import { receiptHeader } from '../../client/offers.js'
import { evidenceOf, expectAtMost, expectNoPayment } from '../../client/expect.js'

const otherPayTo = privateKeyToAddress('0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6')

/**
 * The paid retry is answered as `after` says, once the harness has charged the payment (as any holder of the
 * authorization could). A second payment for the one logical request is then a second charge.
 */
function chargeThen(c: ClientContext, after: (n: number, origin: string) => ReturnType<Play>): Play {
  let paid = 0
  return async (hit, at) => {
    if (hit.payment === undefined) return c.challenge([c.offer()], at.origin)
    await c.settle(hit)
    return after(++paid, at.origin)
  }
}

async function atMostOnce(c: ClientContext, play: Play, why: string, path?: string) {
  const obs = await c.observe(play, path === undefined ? {} : { path })
  expectAtMost(c, obs, 1, why)
  if (obs.payerDelta < -c.price)
    throw new CaseFailure(`the payer was charged ${-obs.payerDelta} for one request priced ${c.price}`, evidenceOf(c, obs))
  return obs
}

export const cases = [
  defineClientCase({
    id: 'client.hostile.repeated-402',
    clause: 'http.client.retry-once',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'a server that charges the payment and answers 402 again, forever, gets one payment per request, not a loop',
    run: async (c) => {
      await atMostOnce(
        c,
        chargeThen(c, (_, origin) => c.challenge([c.offer()], origin)),
        'the paid retry was answered 402 again',
      )
    },
  }),
  defineClientCase({
    id: 'client.hostile.price-raised',
    clause: 'http.client.retry-once',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'a server that charges the payment and then asks ten times the price is not paid again',
    run: async (c) => {
      await atMostOnce(
        c,
        chargeThen(c, (_, origin) => c.challenge([c.offer({ amount: c.price * 10n })], origin)),
        'the price rose after payment',
      )
    },
  }),
  defineClientCase({
    id: 'client.hostile.pay-to-changed',
    clause: 'http.client.retry-once',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'a server that charges the payment and then names another payTo is not paid again',
    run: async (c) => {
      const obs = await atMostOnce(
        c,
        chargeThen(c, (_, origin) => c.challenge([c.offer({ payTo: otherPayTo })], origin)),
        'payTo changed after payment',
      )
      if (obs.payments.some((p) => p.authorization!.to.toLowerCase() === otherPayTo.toLowerCase()))
        throw new CaseFailure('the client paid the second payTo', evidenceOf(c, obs))
    },
  }),
  defineClientCase({
    id: 'client.hostile.settlement-failed',
    clause: 'http.client.retry-once',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'a paid retry answered "settlement failed" with a fresh challenge is not paid a second time',
    run: async (c) => {
      await atMostOnce(
        c,
        chargeThen(c, (_, origin) => {
          const reply = c.challenge([c.offer()], origin, { error: 'settlement_failed' })
          const failed = receiptHeader(c.version, {
            success: false,
            errorReason: 'invalid_transaction_state',
            transaction: '',
            network: c.network,
          })
          return { ...reply, headers: { ...reply.headers, ...failed } }
        }),
        'the server said settlement failed (after charging)',
      )
    },
  }),
  defineClientCase({
    id: 'client.hostile.settlement-pending',
    clause: 'http.client.retry-once',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'a paid retry answered 202 settlement_pending is not paid a second time',
    run: async (c) => {
      await atMostOnce(
        c,
        chargeThen(c, () => ({
          status: 202,
          headers: { 'content-type': 'application/json', 'retry-after': '1' },
          body: '{"error":"settlement_pending"}',
        })),
        'the server said the settlement is pending',
      )
    },
  }),
  defineClientCase({
    id: 'client.hostile.server-error-after-charge',
    clause: 'http.client.retry-once',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'a paid retry answered 500 after the charge is not paid a second time',
    run: async (c) => {
      await atMostOnce(
        c,
        chargeThen(c, () => ({ status: 500, body: 'internal error' })),
        'the paid retry failed with 500',
      )
    },
  }),
  defineClientCase({
    id: 'client.hostile.redirect-then-402',
    clause: 'http.client.retry-once',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'a request redirected to a paid URL is paid at most once, to the offered payTo',
    run: async (c) => {
      const honest = c.honest([c.offer()])
      const obs = await atMostOnce(
        c,
        (hit, at) => (hit.path === '/start' ? { status: 302, headers: { location: `${at.origin}${c.path}` } } : honest(hit, at)),
        'one redirected request',
        '/start',
      )
      for (const p of obs.payments)
        if (p.authorization!.to.toLowerCase() !== c.payTo.toLowerCase())
          throw new CaseFailure('the client paid another payTo', evidenceOf(c, obs))
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
