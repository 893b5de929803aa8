import { decodeBase64Strict, decodeJsonBytes } from '../../../src/codecs/base64Json.js'
import { schemaIds } from '../../../src/codecs/schemaIds.js'
import { defineCase } from '../../case.js'
import type { Exchange } from '../../context/http.js'
import type { TestContext, Wire } from '../../context/types.js'
import { acceptsOf, challengeOf } from './helpers-server.js'
import { hygiene, interop, onChallenge, schemaCheck, challenge } from './challenge-rows.js'
import { must } from '../levels.js'

/** The 402 challenge: status, where it travels, the envelope (http.server.challenge-402 and chapter 2). */

/** True when `url` names the same origin and path as `requested`. */
function sameResource(url: unknown, requested: string): boolean {
  try {
    const u = new URL(String(url))
    const want = new URL(requested)
    return u.origin === want.origin && u.pathname === want.pathname
  } catch {
    return false
  }
}

const exposes = (res: Exchange, header: string) => {
  const exposed = (res.headers['access-control-expose-headers'] ?? '').toLowerCase().split(/\s*,\s*/)
  return exposed.includes(header) || exposed.includes('*')
}

export const cases = [
  defineCase({
    ...interop,
    id: 'server.challenge.status-402',
    clause: 'http.server.challenge-402',
    role: 'server',
    versions: [1, 2],
    title: 'a paid resource requested without payment is answered 402 with at least one offer',
    run: async (t) => {
      const res = await t.fetchPaid(undefined)
      t.check(res.status === 402, `expected 402, got ${res.status}`, { status: res.status, body: res.body })
      t.check(acceptsOf(t.version, res).length > 0, `the v${t.version} challenge lists no offer`, {
        body: res.body,
        decoded: res.decoded,
      })
    },
  }),
  onChallenge({
    ...hygiene,
    id: 'server.challenge.no-store',
    clause: 'http.server.no-store',
    versions: [1, 2],
    title: 'a 402 carries Cache-Control: no-store',
    check: (t, res) =>
      t.check(
        /\bno-store\b/i.test(res.headers['cache-control'] ?? ''),
        `Cache-Control is '${res.headers['cache-control'] ?? ''}'`,
      ),
  }),
  onChallenge({
    ...hygiene,
    id: 'server.challenge.expose-headers',
    clause: 'http.server.expose-headers',
    versions: [2],
    title: 'a v2 402 names PAYMENT-REQUIRED in Access-Control-Expose-Headers',
    check: (t, res) =>
      t.check(
        exposes(res, 'payment-required'),
        `Access-Control-Expose-Headers is '${res.headers['access-control-expose-headers'] ?? ''}'`,
      ),
  }),
  onChallenge({
    ...interop,
    id: 'server.challenge.v1-body-json',
    clause: 'http.v1.challenge.body',
    versions: [1],
    title: 'the v1 challenge is the JSON body of the 402, a v1 PaymentRequired',
    check: (t, res) => {
      const type = res.headers['content-type'] ?? ''
      if (!/^application\/json\b/i.test(type)) t.info(`Content-Type is '${type}'; application/json is recommended`)
      t.check(
        typeof res.body === 'object' && res.body !== null && !Array.isArray(res.body),
        'the 402 body is not a JSON object',
        { text: res.text.slice(0, 500) },
      )
      schemaCheck(t, schemaIds.v1.paymentRequired, res.body, 'the v1 challenge body')
    },
  }),
  onChallenge({
    ...interop,
    id: 'server.challenge.v1-envelope',
    clause: 'envelopes.v1.payment-required',
    versions: [1],
    title: 'the v1 challenge has x402Version 1, a non-empty accepts and a string error if any',
    check: (t, res) => {
      const c = challengeOf(1, res)
      t.check(c?.['x402Version'] === 1, `x402Version is ${JSON.stringify(c?.['x402Version'])}`, { body: res.body })
      t.check(Array.isArray(c?.['accepts']) && (c['accepts'] as unknown[]).length > 0, 'accepts is not a non-empty array', {
        body: res.body,
      })
      t.check(c?.['error'] === undefined || typeof c['error'] === 'string', 'error is present but not a string', {
        body: res.body,
      })
    },
  }),
  onChallenge({
    ...interop,
    id: 'server.challenge.v1-requirements',
    clause: 'envelopes.v1.payment-requirements',
    versions: [1],
    title: 'every v1 offer is a complete v1 PaymentRequirements',
    check: (t, res) => {
      for (const [i, r] of acceptsOf(1, res).entries()) schemaCheck(t, schemaIds.v1.paymentRequirements, r, `accepts[${i}]`)
    },
  }),
  onChallenge({
    ...hygiene,
    id: 'server.challenge.v1-resource-url',
    clause: 'http.server.challenge-v1-body',
    versions: [1],
    title: 'every v1 offer names the requested URL as its resource',
    check: (t, res) => {
      for (const [i, r] of acceptsOf(1, res).entries()) {
        t.check(
          sameResource(r['resource'], t.resourceUrl),
          `accepts[${i}].resource is ${JSON.stringify(r['resource'])}, the request was for ${t.resourceUrl}`,
        )
      }
    },
  }),
  onChallenge({
    ...hygiene,
    id: 'server.challenge.v1-error',
    clause: 'envelopes.v1.challenge-error',
    versions: [1],
    title: 'the v1 challenge says in error why payment is required',
    check: (t, res) => {
      const e = challengeOf(1, res)?.['error']
      t.check(typeof e === 'string' && e.length > 0, `error is ${JSON.stringify(e)}`)
    },
  }),
  onChallenge({
    ...interop,
    id: 'server.challenge.v2-header',
    clause: 'http.v2.challenge.header',
    versions: [2],
    title: 'the v2 challenge is a strictly encoded PAYMENT-REQUIRED header holding a v2 PaymentRequired',
    check: (t, res) => {
      const raw = res.headers['payment-required'] ?? t.fail('the 402 has no PAYMENT-REQUIRED header', { headers: res.headers })
      let value: unknown
      try {
        value = decodeJsonBytes(decodeBase64Strict(raw, 'PAYMENT-REQUIRED'), 'PAYMENT-REQUIRED')
      } catch (error) {
        t.fail(`PAYMENT-REQUIRED is not standard padded base64 of UTF-8 JSON: ${(error as Error).message}`, {
          header: raw.slice(0, 300),
        })
      }
      schemaCheck(t, schemaIds.v2.paymentRequired, value, 'the decoded PAYMENT-REQUIRED')
    },
  }),
  onChallenge({
    ...interop,
    id: 'server.challenge.v2-envelope',
    clause: 'envelopes.v2.payment-required',
    versions: [2],
    title: 'the v2 challenge has x402Version 2, a resource and a non-empty accepts',
    check: (t, res) => {
      const c = challengeOf(2, res)
      t.check(c?.['x402Version'] === 2, `x402Version is ${JSON.stringify(c?.['x402Version'])}`, { decoded: res.decoded })
      t.check(typeof c?.['resource'] === 'object' && c['resource'] !== null, 'resource is missing', { decoded: res.decoded })
      t.check(Array.isArray(c?.['accepts']) && (c['accepts'] as unknown[]).length > 0, 'accepts is not a non-empty array', {
        decoded: res.decoded,
      })
    },
  }),
  onChallenge({
    ...interop,
    id: 'server.challenge.v2-resource-info',
    clause: 'envelopes.v2.resource-info',
    versions: [2],
    title: 'the v2 challenge resource is a ResourceInfo with a non-empty url',
    check: (t, res) => schemaCheck(t, schemaIds.v2.resourceInfo, challengeOf(2, res)?.['resource'], 'resource'),
  }),
  onChallenge({
    ...hygiene,
    id: 'server.challenge.v2-resource-url',
    clause: 'http.server.challenge-v2-header',
    versions: [2],
    title: 'the v2 challenge resource.url is the requested URL',
    check: (t, res) => {
      const url = (challengeOf(2, res)?.['resource'] as Wire | undefined)?.['url']
      t.check(sameResource(url, t.resourceUrl), `resource.url is ${JSON.stringify(url)}, the request was for ${t.resourceUrl}`)
    },
  }),
  onChallenge({
    ...interop,
    id: 'server.challenge.v2-requirements',
    clause: 'envelopes.v2.payment-requirements',
    versions: [2],
    title: 'every v2 offer is a v2 PaymentRequirements',
    check: (t, res) => {
      for (const [i, r] of acceptsOf(2, res).entries()) {
        schemaCheck(t, schemaIds.v2.paymentRequirements, r, `accepts[${i}]`)
        if ('resource' in r) t.info(`accepts[${i}] repeats the resource, which belongs in the challenge's resource`)
      }
    },
  }),
  defineCase({
    ...hygiene,
    id: 'server.challenge.browser-accept',
    clause: 'http.server.challenge-402',
    role: 'server',
    versions: [1, 2],
    title: 'a browser-like request (Accept: text/html) without payment is still answered 402 with the challenge',
    run: async (t) => {
      const accept = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8'
      const res = await t.request(t.resourceUrl, { headers: { accept, 'user-agent': 'Mozilla/5.0 (conformance)' } })
      t.check(res.status === 402, `expected 402, got ${res.status}`, {
        body: typeof res.body === 'string' ? res.body.slice(0, 300) : res.body,
      })
      const form = t.version === 1 ? 'JSON body' : 'PAYMENT-REQUIRED header'
      t.check(acceptsOf(t.version, res).length > 0, `the 402 to a browser carries no v${t.version} challenge (${form})`, {
        headers: res.headers,
      })
    },
  }),
  defineCase({
    ...must('server', 'funds'),
    id: 'server.challenge.client-price-ignored',
    clause: 'http.server.challenge-402',
    title: 'request headers naming a price (X-Payment-Amount: 0, X-Price: 1) do not change the offers',
    run: async (t) => {
      const plain = await challenge(t)
      const res = await t.request(t.resourceUrl, { headers: { 'x-payment-amount': '0', 'x-price': '1', 'x-402-amount': '0' } })
      t.check(res.status === 402, `expected 402, got ${res.status}`, { body: res.body })
      const [before, after] = [acceptsOf(t.version, plain), acceptsOf(t.version, res)]
      t.check(JSON.stringify(after) === JSON.stringify(before), 'the offers changed with client-supplied price headers', {
        plain: before,
        withHeaders: after,
      })
    },
  }),
  defineCase({
    ...hygiene,
    id: 'server.challenge.head-header',
    clause: 'http.v2.challenge.header',
    role: 'server',
    versions: [2],
    title: 'an unpaid HEAD answered 402 carries the PAYMENT-REQUIRED challenge header like GET',
    run: async (t: TestContext) => {
      const res = await t.fetchPaid(undefined, { method: 'HEAD' })
      if (res.status !== 402) t.skip(`HEAD was answered ${res.status} (server.paths.head-not-free judges it)`)
      t.check(acceptsOf(2, res).length > 0, 'the HEAD 402 carries no v2 challenge header', { headers: res.headers })
    },
  }),
]
