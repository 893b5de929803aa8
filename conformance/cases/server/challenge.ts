import { decodeBase64Strict, decodeJsonBytes } from '../../../src/codecs/base64Json.js'
import { schemaIds } from '../../../src/codecs/schemaIds.js'
import { validateAgainstSchema } from '../../../src/codecs/validateAgainstSchema.js'
import { findEvmNetwork } from '../../../src/networks/registry.js'
import { defineCase } from '../../case.js'
import type { Level, Version } from '../../case.js'
import type { Exchange } from '../../context/http.js'
import type { TestContext, Wire } from '../../context/types.js'
import { acceptsOf, challengeOf } from './helpers-server.js'

/** The 402 answer to an unpaid GET of the paid URL, checked to be a 402. */
async function challenge(t: TestContext): Promise<Exchange> {
  const res = await t.fetchPaid(undefined)
  t.check(res.status === 402, `expected 402 without payment, got ${res.status}`, { status: res.status, body: res.body })
  return res
}

const schemaCheck = (t: TestContext, id: string, value: unknown, what: string) => {
  const { valid, errors } = validateAgainstSchema(id as never, value)
  t.check(valid, `${what} does not match ${id}: ${errors.map((e) => `${e.pointer || '/'} ${e.message}`).join('; ')}`, { value })
}

/** A check of the challenge of one version. */
const onChallenge = (name: string, clause: string, versions: Version[], title: string, check: (t: TestContext, res: Exchange) => void, level: Level = 'MUST') =>
  defineCase({
    id: `server.challenge.${name}`,
    clause,
    level,
    role: 'server',
    versions,
    title,
    run: async (t) => check(t, await challenge(t)),
  })

/** Every member of `value`, with its JSON pointer. */
function* members(value: unknown, pointer = ''): Generator<[string, unknown]> {
  if (typeof value !== 'object' || value === null) return
  for (const [k, v] of Object.entries(value)) {
    const p = `${pointer}/${k}`
    yield [p, v]
    yield* members(v, p)
  }
}

const addressPattern = /^0x[0-9a-fA-F]{40}$/
const caip2Pattern = /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/
const uint256Max = (1n << 256n) - 1n

export const cases = [
  defineCase({
    id: 'server.challenge.status-402',
    clause: 'http.server.challenge-402',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a paid resource requested without payment is answered 402 with at least one offer',
    run: async (t) => {
      const res = await t.fetchPaid(undefined)
      t.check(res.status === 402, `expected 402, got ${res.status}`, { status: res.status, body: res.body })
      t.check(acceptsOf(t.version, res).length > 0, `the v${t.version} challenge lists no offer`, { body: res.body, decoded: res.decoded })
    },
  }),
  defineCase({
    id: 'server.challenge.no-store',
    clause: 'http.server.no-store',
    level: 'SHOULD',
    role: 'server',
    versions: [1, 2],
    title: 'a 402 carries Cache-Control: no-store',
    run: async (t) => {
      const res = await t.fetchPaid(undefined)
      t.check(res.status === 402, `expected 402, got ${res.status}`)
      t.check(/\bno-store\b/i.test(res.headers['cache-control'] ?? ''), `Cache-Control is '${res.headers['cache-control'] ?? ''}'`)
    },
  }),
  onChallenge('expose-headers', 'http.server.expose-headers', [2], 'a v2 402 names PAYMENT-REQUIRED in Access-Control-Expose-Headers', (t, res) => {
    const exposed = (res.headers['access-control-expose-headers'] ?? '').toLowerCase().split(/\s*,\s*/)
    t.check(exposed.includes('payment-required') || exposed.includes('*'), `Access-Control-Expose-Headers is '${res.headers['access-control-expose-headers'] ?? ''}'`)
  }, 'SHOULD'),
  onChallenge('v1-body-json', 'http.v1.challenge.body', [1], 'the v1 challenge is the JSON body of the 402, with Content-Type application/json', (t, res) => {
    t.check(/^application\/json\b/i.test(res.headers['content-type'] ?? ''), `Content-Type is '${res.headers['content-type'] ?? ''}'`)
    t.check(typeof res.body === 'object' && res.body !== null && !Array.isArray(res.body), 'the 402 body is not a JSON object', { text: res.text.slice(0, 500) })
    schemaCheck(t, schemaIds.v1.paymentRequired, res.body, 'the v1 challenge body')
  }),
  onChallenge('v1-envelope', 'envelopes.v1.payment-required', [1], 'the v1 challenge has x402Version 1, a non-empty accepts and a string error if any', (t, res) => {
    const c = challengeOf(1, res)
    t.check(c?.['x402Version'] === 1, `x402Version is ${JSON.stringify(c?.['x402Version'])}`, { body: res.body })
    t.check(Array.isArray(c?.['accepts']) && (c['accepts'] as unknown[]).length > 0, 'accepts is not a non-empty array', { body: res.body })
    t.check(c?.['error'] === undefined || typeof c['error'] === 'string', 'error is present but not a string', { body: res.body })
  }),
  onChallenge('v1-requirements', 'envelopes.v1.payment-requirements', [1], 'every v1 offer is a complete v1 PaymentRequirements', (t, res) => {
    for (const [i, r] of acceptsOf(1, res).entries()) schemaCheck(t, schemaIds.v1.paymentRequirements, r, `accepts[${i}]`)
  }),
  onChallenge('v1-resource-url', 'http.server.challenge-v1-body', [1], 'every v1 offer names the requested URL as its resource', (t, res) => {
    const url = new URL(t.resourceUrl)
    for (const [i, r] of acceptsOf(1, res).entries()) {
      let same = false
      try {
        const u = new URL(String(r['resource']))
        same = u.origin === url.origin && u.pathname === url.pathname
      } catch {
        same = false
      }
      t.check(same, `accepts[${i}].resource is ${JSON.stringify(r['resource'])}, the request was for ${t.resourceUrl}`)
    }
  }),
  onChallenge('v1-error', 'envelopes.v1.challenge-error', [1], 'the v1 challenge says in error why payment is required', (t, res) => {
    const e = challengeOf(1, res)?.['error']
    t.check(typeof e === 'string' && e.length > 0, `error is ${JSON.stringify(e)}`)
  }, 'SHOULD'),
  onChallenge('v2-header', 'http.v2.challenge.header', [2], 'the v2 challenge is a strictly encoded PAYMENT-REQUIRED header holding a v2 PaymentRequired', (t, res) => {
    const raw = res.headers['payment-required']
    t.check(raw !== undefined, 'the 402 has no PAYMENT-REQUIRED header', { headers: res.headers })
    let value: unknown
    try {
      value = decodeJsonBytes(decodeBase64Strict(raw!, 'PAYMENT-REQUIRED'), 'PAYMENT-REQUIRED')
    } catch (error) {
      t.fail(`PAYMENT-REQUIRED is not standard padded base64 of UTF-8 JSON: ${(error as Error).message}`, { header: raw!.slice(0, 300) })
    }
    schemaCheck(t, schemaIds.v2.paymentRequired, value, 'the decoded PAYMENT-REQUIRED')
  }),
  onChallenge('v2-envelope', 'envelopes.v2.payment-required', [2], 'the v2 challenge has x402Version 2, a resource and a non-empty accepts', (t, res) => {
    const c = challengeOf(2, res)
    t.check(c?.['x402Version'] === 2, `x402Version is ${JSON.stringify(c?.['x402Version'])}`, { decoded: res.decoded })
    t.check(typeof c?.['resource'] === 'object' && c['resource'] !== null, 'resource is missing', { decoded: res.decoded })
    t.check(Array.isArray(c?.['accepts']) && (c['accepts'] as unknown[]).length > 0, 'accepts is not a non-empty array', { decoded: res.decoded })
  }),
  onChallenge('v2-resource-info', 'envelopes.v2.resource-info', [2], 'the v2 challenge resource is a ResourceInfo with a non-empty url', (t, res) => {
    const r = challengeOf(2, res)?.['resource']
    schemaCheck(t, schemaIds.v2.resourceInfo, r, 'resource')
  }),
  onChallenge('v2-resource-url', 'http.server.challenge-v2-header', [2], 'the v2 challenge resource.url is the requested URL', (t, res) => {
    const url = (challengeOf(2, res)?.['resource'] as Wire | undefined)?.['url']
    let same = false
    try {
      const u = new URL(String(url))
      const want = new URL(t.resourceUrl)
      same = u.origin === want.origin && u.pathname === want.pathname
    } catch {
      same = false
    }
    t.check(same, `resource.url is ${JSON.stringify(url)}, the request was for ${t.resourceUrl}`)
  }),
  onChallenge('v2-requirements', 'envelopes.v2.payment-requirements', [2], 'every v2 offer is a v2 PaymentRequirements and does not repeat the resource', (t, res) => {
    for (const [i, r] of acceptsOf(2, res).entries()) {
      schemaCheck(t, schemaIds.v2.paymentRequirements, r, `accepts[${i}]`)
      t.check(!('resource' in r), `accepts[${i}] repeats the resource, which belongs in the challenge's resource`, { offer: r })
    }
  }),
  onChallenge('amounts-canonical', 'envelopes.format.uint256', [1, 2], 'every offered amount is a canonical decimal string within uint256', (t, res) => {
    const field = t.version === 1 ? 'maxAmountRequired' : 'amount'
    for (const [i, r] of acceptsOf(t.version, res).entries()) {
      const a = r[field]
      t.check(typeof a === 'string' && /^(0|[1-9][0-9]*)$/.test(a) && BigInt(a) <= uint256Max, `accepts[${i}].${field} is ${JSON.stringify(a)}`)
    }
  }),
  onChallenge('addresses', 'envelopes.format.address', [1, 2], 'every offer on an EVM network has EVM addresses as payTo and asset', (t, res) => {
    for (const [i, r] of acceptsOf(t.version, res).entries()) {
      const evm = typeof r['network'] === 'string' && (r['network'].startsWith('eip155:') || findEvmNetwork(r['network']) !== undefined)
      if (!evm) continue
      for (const k of ['payTo', 'asset']) t.check(typeof r[k] === 'string' && addressPattern.test(r[k]), `accepts[${i}].${k} is ${JSON.stringify(r[k])}`)
    }
  }),
  onChallenge('v2-networks-caip2', 'envelopes.format.caip2', [2], 'every v2 offer names its network as a CAIP-2 id', (t, res) => {
    for (const [i, r] of acceptsOf(2, res).entries()) t.check(typeof r['network'] === 'string' && caip2Pattern.test(r['network']), `accepts[${i}].network is ${JSON.stringify(r['network'])}`)
    t.check(acceptsOf(2, res).some((r) => r['network'] === t.chain.network), `no v2 offer names the chain as ${t.chain.network}`)
  }),
  onChallenge('v1-networks-names', 'envelopes.format.v1-network', [1], 'every v1 offer names its network by its v1 name, not a CAIP-2 id', (t, res) => {
    for (const [i, r] of acceptsOf(1, res).entries()) t.check(typeof r['network'] === 'string' && r['network'] !== '' && !r['network'].includes(':'), `accepts[${i}].network is ${JSON.stringify(r['network'])}`)
    t.check(acceptsOf(1, res).some((r) => r['network'] === t.chain.networkV1), `no v1 offer names the chain as ${String(t.chain.networkV1)}`)
  }),
  onChallenge('timeout-integer', 'envelopes.format.timeout', [1, 2], 'every offer has an integer maxTimeoutSeconds of at least 1', (t, res) => {
    for (const [i, r] of acceptsOf(t.version, res).entries()) {
      const s = r['maxTimeoutSeconds']
      t.check(Number.isSafeInteger(s) && (s as number) >= 1, `accepts[${i}].maxTimeoutSeconds is ${JSON.stringify(s)}`)
    }
  }),
  onChallenge('no-null-members', 'envelopes.omit-absent', [1, 2], 'the challenge omits absent optional members instead of sending null', (t, res) => {
    const nulls = [...members(challengeOf(t.version, res))].filter(([, v]) => v === null).map(([p]) => p)
    t.check(nulls.length === 0, `the challenge sends null at ${nulls.join(', ')}`)
  }),
  onChallenge('domain-extra', 'exact-evm.typed-data.domain-source', [1, 2], "the offer for the chain's asset names the token's EIP-712 name and version in extra", (t, res) => {
    const offer = acceptsOf(t.version, res).find((r) => String(r['asset']).toLowerCase() === t.chain.asset.address.toLowerCase())
    t.check(offer !== undefined, `no offer prices in the chain's asset ${t.chain.asset.address}`)
    const extra = (offer!['extra'] ?? {}) as Wire
    if (extra['name'] === undefined && extra['version'] === undefined) return t.info('the offer has no extra name/version; the client falls back to the network default')
    t.check(extra['name'] === t.chain.asset.name && extra['version'] === t.chain.asset.version, `extra names ${JSON.stringify(extra['name'])}/${JSON.stringify(extra['version'])}, the token is ${t.chain.asset.name}/${t.chain.asset.version}`)
  }),
  defineCase({
    id: 'server.challenge.browser-accept',
    clause: 'http.server.challenge-402',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a browser-like request (Accept: text/html) without payment is still answered 402 with the challenge',
    run: async (t) => {
      const res = await t.request(t.resourceUrl, { headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8', 'user-agent': 'Mozilla/5.0 (conformance)' } })
      t.check(res.status === 402, `expected 402, got ${res.status}`, { body: typeof res.body === 'string' ? res.body.slice(0, 300) : res.body })
      t.check(acceptsOf(t.version, res).length > 0, `the 402 to a browser carries no v${t.version} challenge (${t.version === 1 ? 'JSON body' : 'PAYMENT-REQUIRED header'})`, { headers: res.headers })
    },
  }),
  defineCase({
    id: 'server.challenge.client-price-ignored',
    clause: 'http.server.challenge-402',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'request headers naming a price (X-Payment-Amount: 0, X-Price: 1) do not change the offers',
    run: async (t) => {
      const plain = await challenge(t)
      const res = await t.request(t.resourceUrl, { headers: { 'x-payment-amount': '0', 'x-price': '1', 'x-402-amount': '0' } })
      t.check(res.status === 402, `expected 402, got ${res.status}`, { body: res.body })
      t.check(JSON.stringify(acceptsOf(t.version, res)) === JSON.stringify(acceptsOf(t.version, plain)), 'the offers changed with client-supplied price headers', { plain: acceptsOf(t.version, plain), withHeaders: acceptsOf(t.version, res) })
    },
  }),
  defineCase({
    id: 'server.challenge.head-header',
    clause: 'http.v2.challenge.header',
    level: 'MUST',
    role: 'server',
    versions: [2],
    title: 'an unpaid HEAD answered 402 carries the PAYMENT-REQUIRED challenge header like GET',
    run: async (t) => {
      const res = await t.fetchPaid(undefined, { method: 'HEAD' })
      if (res.status === 405) t.skip('the route does not take HEAD')
      t.check(res.status === 402, `expected 402, got ${res.status}`)
      t.check(acceptsOf(2, res).length > 0, 'the HEAD 402 carries no v2 challenge header', { headers: res.headers })
    },
  }),
]
