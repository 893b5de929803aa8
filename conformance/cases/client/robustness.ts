import { CaseFailure } from '../../context/failure.js'
import { defineClientCase } from '../../client/defineClientCase.js'
import type { ClientContext } from '../../client/context.js'
import type { Reply } from '../../client/endpoint.js'
import { evidenceOf, expectEnded, expectKeyKept, expectNoPayment } from '../../client/expect.js'
import { encodeBase64Json } from '../../../src/codecs/base64Json.js'

/** A broken challenge: the client ends in time, signs nothing, and does not crash on a signal. */
async function survives(c: ClientContext, reply: (origin: string) => Reply) {
  const obs = await c.observe((hit, at) =>
    hit.payment === undefined ? reply(at.origin) : { status: 400, body: 'unexpected payment' },
  )
  expectEnded(c, obs)
  expectNoPayment(c, obs, 'the challenge could not be read')
  const crashed = obs.invocations.find((i) => i.signal !== null)
  if (crashed) throw new CaseFailure(`the client died of ${crashed.signal}`, evidenceOf(c, obs))
  return obs
}

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`

/** The challenge of the version, damaged: v2 in its header, v1 in its body. */
const damaged = (c: ClientContext, v2Header: string, v1Body: string): Reply =>
  c.version === 2
    ? { status: 402, headers: { 'payment-required': v2Header, 'content-type': 'application/json' }, body: '{}' }
    : { status: 402, headers: { 'content-type': 'application/json' }, body: v1Body }

export const cases = [
  defineClientCase({
    id: 'client.robustness.malformed-challenge',
    clause: 'http.client.parse-challenge',
    level: 'MUST',
    harm: 'availability',
    versions: [1, 2],
    title: 'a challenge that is not base64 JSON (v2 header) or not JSON (v1 body) ends the client in time without a payment',
    run: async (c) => {
      await survives(c, () => damaged(c, '%%% not base64 %%%', '{"x402Version":1,"accepts":[{'))
    },
  }),
  defineClientCase({
    id: 'client.robustness.wrong-shape-challenge',
    clause: 'http.client.parse-challenge',
    level: 'MUST',
    harm: 'availability',
    versions: [1, 2],
    title:
      'a challenge of the right encoding but the wrong shape (accepts is a string) ends the client in time without a payment',
    run: async (c) => {
      const wrong = { x402Version: c.version, error: 'payment required', accepts: 'everything' }
      await survives(c, () => damaged(c, encodeBase64Json(wrong), JSON.stringify(wrong)))
    },
  }),
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
  defineClientCase({
    id: 'client.robustness.deep-challenge',
    clause: 'http.client.parse-challenge',
    level: 'MUST',
    harm: 'availability',
    versions: [1, 2],
    title: 'a challenge nested 100,000 levels deep ends the client in time without a payment',
    run: async (c) => {
      const body = `{"x402Version":${c.version},"accepts":${deep(100_000)}}`
      await survives(c, () => damaged(c, Buffer.from(body).toString('base64'), body))
    },
  }),
  defineClientCase({
    id: 'client.robustness.402-without-challenge',
    clause: 'http.client.parse-challenge',
    level: 'MUST',
    harm: 'availability',
    versions: [1, 2],
    title: 'a bare 402 with no challenge at all ends the client in time without a payment',
    run: async (c) => {
      await survives(c, () => ({ status: 402, headers: { 'content-type': 'text/plain' }, body: 'pay me' }))
    },
  }),
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
]
