import { CaseFailure } from '../../context/failure.js'
import { clientCases } from '../../client/defineClientCase.js'
import type { ClientContext } from '../../client/context.js'
import type { Reply } from '../../client/endpoint.js'
import { evidenceOf, expectEnded, expectKeyKept, expectKeyNotSent, expectNoPayment } from '../../client/expect.js'
import { encodeBase64Json } from '../../../src/codecs/base64Json.js'

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`

/** The challenge of the version, damaged: v2 in its header, v1 in its body. */
const damaged = (c: ClientContext, v2Header: string, v1Body: string): Reply =>
  c.version === 2
    ? { status: 402, headers: { 'payment-required': v2Header, 'content-type': 'application/json' }, body: '{}' }
    : { status: 402, headers: { 'content-type': 'application/json' }, body: v1Body }

/** The same broken value in both places: as base64 JSON in the v2 header, as JSON in the v1 body. */
const both = (c: ClientContext, value: unknown) => damaged(c, encodeBase64Json(value), JSON.stringify(value))

/** Bytes 0..255, deterministic. */
const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256))

/** A broken challenge: the client ends in time, signs nothing, and does not die of a signal. */
const survives = (reply: (c: ClientContext) => Reply) => async (c: ClientContext) => {
  const obs = await c.observe((hit) => (hit.payment === undefined ? reply(c) : { status: 400, body: 'unexpected payment' }))
  expectEnded(c, obs)
  expectNoPayment(c, obs, 'no offer of the challenge can be read or accepted')
  const crashed = obs.invocations.find((i) => i.signal !== null)
  if (crashed) throw new CaseFailure(`the client died of ${crashed.signal}`, evidenceOf(c, obs))
}

/** `count` offers of unknown schemes, each padded to about 500 bytes. */
const junk = (c: ClientContext, count: number) =>
  Array.from({ length: count }, (_, i) => c.offer({ scheme: `x-junk-${i}`, more: { padding: 'x'.repeat(300) } }))

/** A challenge on another status than `402`, honest otherwise: nothing is signed. */
const onStatus = (status: number) => async (c: ClientContext) => {
  const honest = c.honest([c.offer()])
  const obs = await c.observe(async (hit, at) => {
    const reply = await honest(hit, at)
    // v2: the challenge in its header beside the content; v1: the challenge is the body, served as it is.
    return hit.payment === undefined ? { ...reply, status } : reply
  })
  expectNoPayment(c, obs, `the answer was ${status}, not 402`)
}

const parse = 'http.client.parse-challenge'
const secret = 'http.client.key-secret'

export const cases = [
  ...clientCases('robustness', { level: 'MUST', harm: 'availability' }, [
    [
      'malformed-challenge',
      parse,
      'a challenge that is not base64 JSON (v2 header) or not JSON (v1 body) ends the client in time without a payment',
      survives((c) => damaged(c, '%%% not base64 %%%', '{"x402Version":1,"accepts":[{')),
    ],
    [
      'wrong-shape-challenge',
      parse,
      'a challenge of the right encoding but the wrong shape (accepts is a string) ends the client in time without a payment',
      survives((c) => both(c, { x402Version: c.version, error: 'payment required', accepts: 'everything' })),
    ],
    [
      'deep-challenge',
      parse,
      'a challenge nested 100,000 levels deep ends the client in time without a payment',
      survives((c) => {
        const body = `{"x402Version":${c.version},"accepts":${deep(100_000)}}`
        return damaged(c, Buffer.from(body).toString('base64'), body)
      }),
    ],
    [
      '402-without-challenge',
      parse,
      'a bare 402 with no challenge at all ends the client in time without a payment',
      survives(() => ({ status: 402, headers: { 'content-type': 'text/plain' }, body: 'pay me' })),
    ],
    [
      'empty-accepts',
      parse,
      'a challenge with no offer ends the client in time without a payment',
      survives((c) => both(c, { x402Version: c.version, error: 'payment required', accepts: [] })),
    ],
    [
      'junk-offers',
      parse,
      'a challenge whose offers are null, a number, a string, an array and an empty object ends the client in time unpaid',
      survives((c) => both(c, { x402Version: c.version, error: 'payment required', accepts: [null, 7, 'exact', [], {}] })),
    ],
    [
      'binary-challenge',
      parse,
      'a challenge of 4 KB of binary bytes (base64 in the v2 header, raw in the v1 body) ends the client in time unpaid',
      survives((c) => damaged(c, garbage.toString('base64'), garbage.toString('latin1'))),
    ],
    [
      'huge-header',
      parse,
      'a 402 carrying a PAYMENT-REQUIRED header of about 100 KB (beyond common header limits) ends the client in time unpaid',
      survives((c) => {
        const header = encodeBase64Json({ x402Version: 2, error: 'payment required', accepts: junk(c, 200) })
        return { status: 402, headers: { 'payment-required': header, 'content-type': 'application/json' }, body: '{}' }
      }),
    ],
    [
      'enormous-challenge',
      parse,
      'an enormous challenge (5,000 offers of unknown schemes, about 2 MB) ends the client in time without a payment',
      async (c) => {
        const offers = junk(c, 5000)
        const obs = await c.observe((hit, at) => (hit.payment === undefined ? c.challenge(offers, at.origin) : { status: 400 }))
        expectEnded(c, obs)
        expectNoPayment(c, obs, 'no offer of the enormous challenge is acceptable')
      },
    ],
  ]),
  ...clientCases('robustness', { level: 'MUST', harm: 'funds' }, [
    [
      'challenge-on-200',
      'http.client.pay-on-402-only',
      'a 200 that serves the content with a challenge attached is not paid',
      onStatus(200),
    ],
    ['challenge-on-403', 'http.client.pay-on-402-only', 'a 403 carrying a challenge is not paid', onStatus(403)],
  ]),
  ...clientCases('secrets', { level: 'MUST', harm: 'funds' }, [
    [
      'key-not-printed',
      secret,
      'the client does not print its private key while paying',
      async (c) => expectKeyKept(c, await c.observe(c.honest([c.offer()]))),
    ],
    [
      'key-not-printed-on-error',
      secret,
      'the client does not print its private key when the challenge is broken',
      async (c) => expectKeyKept(c, await c.observe(() => damaged(c, '%%%', '{'))),
    ],
    [
      'key-not-sent',
      'http.client.key-never-sent',
      'the private key appears in no request the client sends (headers, URL, body)',
      async (c) => expectKeyNotSent(c, await c.observe(c.honest([c.offer()]))),
    ],
  ]),
]
