import { CaseFailure } from '../../context/failure.js'
import { defineClientCase } from '../../client/defineClientCase.js'
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

/** Broken challenges: name, the 402, title. The client ends in time, signs nothing, and does not die of a signal. */
const broken: readonly (readonly [string, (c: ClientContext) => Reply, string])[] = [
  [
    'malformed-challenge',
    (c) => damaged(c, '%%% not base64 %%%', '{"x402Version":1,"accepts":[{'),
    'a challenge that is not base64 JSON (v2 header) or not JSON (v1 body)',
  ],
  [
    'wrong-shape-challenge',
    (c) => both(c, { x402Version: c.version, error: 'payment required', accepts: 'everything' }),
    'a challenge of the right encoding but the wrong shape (accepts is a string)',
  ],
  [
    'deep-challenge',
    (c) => {
      const body = `{"x402Version":${c.version},"accepts":${deep(100_000)}}`
      return damaged(c, Buffer.from(body).toString('base64'), body)
    },
    'a challenge nested 100,000 levels deep',
  ],
  [
    '402-without-challenge',
    () => ({ status: 402, headers: { 'content-type': 'text/plain' }, body: 'pay me' }),
    'a bare 402 with no challenge at all',
  ],
  [
    'empty-accepts',
    (c) => both(c, { x402Version: c.version, error: 'payment required', accepts: [] }),
    'a challenge with no offer',
  ],
  [
    'junk-offers',
    (c) => both(c, { x402Version: c.version, error: 'payment required', accepts: [null, 7, 'exact', [], {}] }),
    'a challenge whose offers are null, a number, a string, an array and an empty object',
  ],
  [
    'binary-challenge',
    (c) => damaged(c, garbage.toString('base64'), garbage.toString('latin1')),
    'a challenge of 4 KB of binary bytes (base64 in the v2 header, raw in the v1 body)',
  ],
  [
    'huge-header',
    (c) => {
      const offers = Array.from({ length: 200 }, (_, i) => c.offer({ scheme: `x-junk-${i}`, more: { padding: 'x'.repeat(300) } }))
      const header = encodeBase64Json({ x402Version: 2, error: 'payment required', accepts: offers })
      return { status: 402, headers: { 'payment-required': header, 'content-type': 'application/json' }, body: '{}' }
    },
    'a 402 carrying a PAYMENT-REQUIRED header of about 100 KB (beyond common header limits)',
  ],
]

/** A challenge on another status than 402: status, title. */
const notA402 = [
  [200, 'a 200 that serves the content with a challenge attached is not paid'],
  [403, 'a 403 carrying a challenge is not paid'],
] as const

export const cases = [
  ...broken.map(([name, reply, what]) =>
    defineClientCase({
      id: `client.robustness.${name}`,
      clause: 'http.client.parse-challenge',
      level: 'MUST',
      harm: 'availability',
      versions: [1, 2],
      title: `${what} ends the client in time without a payment`,
      run: async (c) => {
        const obs = await c.observe((hit, at) =>
          hit.payment === undefined ? reply(c) : { status: 400, body: `unexpected payment (${at.origin})` },
        )
        expectEnded(c, obs)
        expectNoPayment(c, obs, 'the challenge could not be read')
        const crashed = obs.invocations.find((i) => i.signal !== null)
        if (crashed) throw new CaseFailure(`the client died of ${crashed.signal}`, evidenceOf(c, obs))
      },
    }),
  ),
  defineClientCase({
    id: 'client.robustness.enormous-challenge',
    clause: 'http.client.parse-challenge',
    level: 'MUST',
    harm: 'availability',
    versions: [1, 2],
    title: 'an enormous challenge (5,000 offers, about 2 MB) ends the client in time, paying at most the one acceptable offer',
    run: async (c) => {
      const junk = Array.from({ length: 5000 }, (_, i) => c.offer({ scheme: `x-junk-${i}`, more: { padding: 'x'.repeat(300) } }))
      const obs = await c.observe((hit, at) => (hit.payment === undefined ? c.challenge(junk, at.origin) : { status: 400 }))
      expectEnded(c, obs)
      expectNoPayment(c, obs, 'no offer of the enormous challenge is acceptable')
    },
  }),
  ...notA402.map(([status, title]) =>
    defineClientCase({
      id: `client.robustness.challenge-on-${status}`,
      clause: 'http.client.pay-on-402-only',
      level: 'MUST',
      harm: 'funds',
      versions: [1, 2],
      title,
      run: async (c) => {
        const obs = await c.observe(async (hit, at) => {
          const reply = await c.honest([c.offer()])(hit, at)
          // v2: the challenge in its header beside the content; v1: the challenge is the body, served as it is.
          return hit.payment === undefined ? { ...reply, status } : reply
        })
        expectNoPayment(c, obs, `the answer was ${status}, not 402`)
      },
    }),
  ),
  defineClientCase({
    id: 'client.secrets.key-not-printed',
    clause: 'http.client.key-secret',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'the client does not print its private key while paying',
    run: async (c) => {
      const obs = await c.observe(c.honest([c.offer()]))
      expectKeyKept(c, obs)
    },
  }),
  defineClientCase({
    id: 'client.secrets.key-not-printed-on-error',
    clause: 'http.client.key-secret',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'the client does not print its private key when the challenge is broken',
    run: async (c) => {
      const obs = await c.observe(() => damaged(c, '%%%', '{'))
      expectKeyKept(c, obs)
    },
  }),
  defineClientCase({
    id: 'client.secrets.key-not-sent',
    clause: 'http.client.key-never-sent',
    level: 'MUST',
    harm: 'funds',
    versions: [1, 2],
    title: 'the private key appears in no request the client sends (headers, URL, body)',
    run: async (c) => {
      const obs = await c.observe(c.honest([c.offer()]))
      expectKeyNotSent(c, obs)
    },
  }),
]
