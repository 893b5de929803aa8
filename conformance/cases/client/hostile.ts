import { privateKeyToAddress } from 'viem/accounts'
import { CaseFailure } from '../../context/failure.js'
import { clientCases } from '../../client/defineClientCase.js'
import type { ClientContext } from '../../client/context.js'
import type { Play, Reply } from '../../client/endpoint.js'
import { receiptHeader } from '../../client/offers.js'
import type { OfferInput } from '../../client/offers.js'
import { evidenceOf, expectChargedOnce, expectNoPayment } from '../../client/expect.js'

const otherPayTo = privateKeyToAddress('0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6')

/**
 * The paid retry is answered as `after` says, once the harness has charged the payment (as any holder of the
 * authorization could) when `charge` is set. A second payment for the one logical request is then a second
 * charge, or a second authorization in flight: the client signs one payment and is charged the price at most once.
 */
const retried =
  (charge: boolean, after: (c: ClientContext, origin: string) => Reply | Promise<Reply>) => async (c: ClientContext) => {
    const play: Play = async (hit, at) => {
      if (hit.payment === undefined) return c.challenge([c.offer()], at.origin)
      if (charge) await c.settle(hit)
      return after(c, at.origin)
    }
    expectChargedOnce(c, await c.observe(play), 'one logical request')
  }

/** The paid retry is answered with a fresh challenge for the offer `input` makes. */
const again = (input: (c: ClientContext) => OfferInput) => (c: ClientContext, origin: string) =>
  c.challenge([c.offer(input(c))], origin)

function failedReceipt(c: ClientContext): Record<string, string> {
  return receiptHeader(c.version, {
    success: false,
    errorReason: 'invalid_transaction_state',
    transaction: '',
    network: c.network,
  })
}

const once = 'http.client.retry-once'

export const cases = [
  ...clientCases('hostile', { level: 'MUST', harm: 'funds' }, [
    [
      'repeated-402',
      once,
      'a server that charges the payment and answers 402 again, forever, gets one payment per request, not a loop',
      retried(
        true,
        again(() => ({})),
      ),
    ],
    [
      'price-raised',
      once,
      'a server that charges the payment and then asks ten times the price is not paid again',
      retried(
        true,
        again((c) => ({ amount: c.price * 10n })),
      ),
    ],
    [
      'pay-to-changed',
      once,
      'a server that charges the payment and then names another payTo is not paid again',
      retried(
        true,
        again(() => ({ payTo: otherPayTo })),
      ),
    ],
    [
      '402-forever-uncharged',
      once,
      'a server that answers every paid retry 402 without charging gets one authorization, not a loop',
      retried(
        false,
        again(() => ({})),
      ),
    ],
    [
      'price-doubled-uncharged',
      once,
      'a paid retry answered with a fresh challenge at twice the price is not paid again',
      retried(
        false,
        again((c) => ({ amount: c.price * 2n })),
      ),
    ],
    [
      'pay-to-changed-uncharged',
      once,
      'a paid retry answered with a fresh challenge naming another payTo is not paid again',
      retried(
        false,
        again(() => ({ payTo: otherPayTo })),
      ),
    ],
    [
      'settlement-failed',
      once,
      'a paid retry answered "settlement failed" with a fresh challenge is not paid a second time',
      retried(true, (c, origin) => {
        const reply = c.challenge([c.offer()], origin, { error: 'settlement_failed' })
        return { ...reply, headers: { ...reply.headers, ...failedReceipt(c) } }
      }),
    ],
    [
      'settlement-pending',
      once,
      'a paid retry answered 202 settlement_pending is not paid a second time',
      retried(true, () => ({
        status: 202,
        headers: { 'content-type': 'application/json', 'retry-after': '1' },
        body: '{"error":"settlement_pending"}',
      })),
    ],
    [
      'server-error-after-charge',
      once,
      'a paid retry answered 500 after the charge is not paid a second time',
      retried(true, () => ({ status: 500, body: 'internal error' })),
    ],
    [
      'served-with-failed-receipt',
      once,
      'a paid retry served 200 with a receipt saying the settlement failed is not paid a second time',
      retried(true, (c) => ({ status: 200, headers: failedReceipt(c), body: '{"paid":true}' })),
    ],
    [
      'redirect-then-402',
      once,
      'a request redirected to a paid URL is paid at most once, to the offered payTo',
      async (c) => {
        const honest = c.honest([c.offer()])
        const redirect = (origin: string) => ({ status: 302, headers: { location: `${origin}${c.path}` } })
        const obs = await c.observe((hit, at) => (hit.path === '/start' ? redirect(at.origin) : honest(hit, at)), {
          path: '/start',
        })
        expectChargedOnce(c, obs, 'one redirected request')
        for (const p of obs.payments)
          if (p.authorization!.to.toLowerCase() !== c.payTo.toLowerCase())
            throw new CaseFailure('the client paid another payTo', evidenceOf(c, obs))
      },
    ],
    [
      'fake-usdc',
      'http.client.asset-identity',
      'an offer of another token that calls itself "USD Coin" (extra name and description) is not signed',
      async (c) => {
        const { tokenB } = c.harness.chain.contracts
        const fake = c.offer({ asset: tokenB, extra: { name: 'USD Coin', version: '2' }, description: 'USDC, $0.001' })
        const obs = await c.observe(async (hit, at) => {
          if (hit.payment === undefined) return c.challenge([fake], at.origin)
          await c.settle(hit, tokenB)
          return { status: 200, body: '{"paid":true}' }
        })
        expectNoPayment(c, obs, `the offered asset ${tokenB} is not the configured asset ${c.harness.chain.asset.address}`)
      },
    ],
  ]),
  ...clientCases('hostile', { level: 'SHOULD', harm: 'hygiene' }, [
    [
      'cross-origin-redirect',
      'http.client.redirect-same-origin',
      'a paid retry redirected to another origin (localhost for 127.0.0.1) does not take the payment header along',
      async (c) => {
        const moved = (h: { headers: Record<string, string> }) => h.headers['host']?.startsWith('localhost') === true
        const obs = await c.observe((hit, at) => {
          if (moved(hit)) return { status: 200, body: '{"moved":true}' }
          if (hit.payment === undefined) return c.challenge([c.offer()], at.origin)
          return { status: 307, headers: { location: `${at.origin.replace('127.0.0.1', 'localhost')}${c.path}` } }
        })
        if (obs.hits.some((h) => moved(h) && h.payment !== undefined))
          throw new CaseFailure('the payment header followed the redirect to another origin', evidenceOf(c, obs))
      },
    ],
  ]),
  ...clientCases('hostile', { level: 'INFO', harm: 'hygiene', versions: [2] }, [
    [
      'foreign-resource',
      'envelopes.v2.resource-echo',
      'a challenge whose resource names another origin: whether the client pays, and what resource it echoes, is recorded',
      async (c) => {
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
    ],
  ]),
]
