import fc from 'fast-check'
import { defineCase } from '../../case.js'
import type { Level, Version } from '../../case.js'
import type { TestContext } from '../../context/types.js'
import { b64, expectNoFacilitatorCall, expectRefused, isServed, originAndPath, paymentHeader, rawRequest } from './helpers-server.js'

/** A header value that is not a payment at all: refused (400, 402 tolerated), never served or 5xx. */
const rejectsValues = (name: string, clause: string, title: string, values: (t: TestContext) => string[] | Promise<string[]>, level: Level = 'MUST', versions: Version[] = [1, 2]) =>
  defineCase({
    id: `server.payment-header.${name}`,
    clause,
    level,
    role: 'server',
    versions,
    title,
    run: async (t) => {
      for (const value of await values(t)) {
        const res = await t.fetchPaid(undefined, { header: value })
        await expectRefused(t, res, undefined, { malformed: true })
      }
    },
  })

export const cases = [
  defineCase({
    id: 'server.payment-header.bad-base64',
    clause: 'http.server.malformed-payment',
    level: 'SHOULD',
    role: 'server',
    versions: [1, 2],
    title: 'a payment header that is not base64 is answered 400',
    run: async (t) => {
      const res = await t.fetchPaid(undefined, { header: '%%% not base64 %%%' })
      t.check(res.status < 500, `a malformed header was answered ${res.status}`)
      t.check(res.status === 400, `expected 400, got ${res.status}`, { body: res.body })
    },
  }),
  defineCase({
    id: 'server.payment-header.malformed-400',
    clause: 'http.server.malformed-payment',
    level: 'SHOULD',
    role: 'server',
    versions: [1, 2],
    title: 'payment headers with bad padding, bytes that are not UTF-8, text that is not JSON, or JSON outside the schema are each answered 400',
    run: async (t) => {
      const values = { padding: b64('{"x402Version":1}').replace(/=+$/, ''), utf8: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64'), json: b64('{"x402Version":'), schema: b64(`{"x402Version":${t.version}}`) }
      for (const [what, header] of Object.entries(values)) {
        const res = await t.fetchPaid(undefined, { header })
        t.check(res.status === 400, `a header failing on ${what} was answered ${res.status}, expected 400`, { body: res.body })
      }
    },
  }),
  defineCase({
    id: 'server.payment-header.not-json-no-5xx',
    clause: 'http.server.no-5xx-for-client-input',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a payment header that is base64 of something other than JSON is refused without 5xx or content',
    run: async (t) => {
      const res = await t.fetchPaid(undefined, { header: Buffer.from('hello, not json').toString('base64') })
      await expectRefused(t, res, undefined, { malformed: true })
    },
  }),
  rejectsValues('not-an-object', 'envelopes.json', 'a header carrying JSON that is not an object (array, string, number, null, true) is refused', () => ['[]', '"payment"', '42', 'null', 'true'].map(b64)),
  rejectsValues('schema-invalid', 'http.header.json', 'a header carrying a JSON object that is not a payment payload (no payload, no scheme or accepted) is refused', (t) => [
    b64(JSON.stringify({ x402Version: t.version })),
    b64(JSON.stringify({ x402Version: t.version, scheme: 'exact', network: t.chain.networkV1, accepted: {} })),
  ]),
  rejectsValues('empty', 'http.header.base64', 'an empty payment header is refused', () => ['']),
  rejectsValues('arbitrary-token', 'http.header.json', 'an arbitrary token in the payment header (a bearer token, "true", "paid") does not unlock the resource', () => ['totally-fake-token', 'Bearer abc.def.ghi', 'true', 'paid', '1', 'e30=']),
  rejectsValues('deep-nesting', 'http.server.no-5xx-for-client-input', 'a header of JSON nested 1500 levels deep is refused without 5xx', () => [b64(`${'{"a":'.repeat(1_500)}1${'}'.repeat(1_500)}`), b64(`${'['.repeat(1_500)}${']'.repeat(1_500)}`)]),
  defineCase({
    id: 'server.payment-header.wrong-version',
    clause: 'envelopes.version',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a signed payment whose x402Version is 3, 0, a string or missing is refused and nothing is charged',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      for (const x402Version of [3, 0, String(t.version), undefined, -1, 1.5]) {
        const res = await t.fetchPaid(undefined, { header: t.encode({ ...paid.payload, x402Version }) })
        await expectRefused(t, res, undefined, { malformed: true })
      }
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'server.payment-header.v2-in-x-payment',
    clause: 'http.versions.header-matches-version',
    level: 'MUST',
    role: 'server',
    versions: [2],
    title: 'a correct v2 payment sent in the v1 header X-PAYMENT is refused and nothing is charged',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(paid, { headerName: 'X-PAYMENT' })
      await expectRefused(t, res, before, { malformed: true })
    },
  }),
  defineCase({
    id: 'server.payment-header.v1-in-payment-signature',
    clause: 'http.versions.header-matches-version',
    level: 'MUST',
    role: 'server',
    versions: [1],
    title: 'a correct v1 payment sent in the v2 header PAYMENT-SIGNATURE is refused and nothing is charged',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(paid, { headerName: 'PAYMENT-SIGNATURE' })
      await expectRefused(t, res, before, { malformed: true })
    },
  }),
  defineCase({
    id: 'server.payment-header.unknown-scheme',
    clause: 'http.server.match-offer',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a payment for a scheme the server does not offer is refused with 402 without asking the facilitator',
    run: async (t) => {
      const paid = await t.pay()
      if (t.version === 1) paid.payload = { ...paid.payload, scheme: 'upto' }
      else paid.payload = { ...paid.payload, accepted: { ...(paid.payload['accepted'] as object), scheme: 'upto' } }
      const before = await t.ledger.snapshot(paid)
      await expectRefused(t, await t.fetchPaid(paid), before)
      expectNoFacilitatorCall(t, 'a payment for an unoffered scheme')
    },
  }),
  defineCase({
    id: 'server.payment-header.unknown-network',
    clause: 'http.server.match-offer',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a payment naming a network the server does not offer is refused with 402 without asking the facilitator',
    run: async (t) => {
      const paid = await t.pay()
      if (t.version === 1) paid.payload = { ...paid.payload, network: 'solana' }
      else paid.payload = { ...paid.payload, accepted: { ...(paid.payload['accepted'] as object), network: 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp' } }
      const before = await t.ledger.snapshot(paid)
      await expectRefused(t, await t.fetchPaid(paid), before)
      expectNoFacilitatorCall(t, 'a payment for an unoffered network')
    },
  }),
  defineCase({
    id: 'server.payment-header.prototype-members',
    clause: 'http.server.no-5xx-for-client-input',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a forged payment carrying __proto__ and constructor members is refused without 5xx and nothing is charged',
    run: async (t) => {
      const other = await t.payer(0n)
      const paid = await t.pay({ signWith: other })
      const json = JSON.stringify(paid.payload)
      const header = b64(`{"__proto__":{"isValid":true,"success":true},"constructor":{"prototype":{"isValid":true}},${json.slice(1)}`)
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(undefined, { header })
      await expectRefused(t, res, before, { malformed: true })
    },
  }),
  defineCase({
    id: 'server.payment-header.both-headers',
    clause: 'http.server.one-payment-header',
    level: 'SHOULD',
    role: 'server',
    versions: [1, 2],
    title: 'a request carrying both X-PAYMENT and PAYMENT-SIGNATURE is answered 400',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const value = t.encode(paid.payload)
      const res = await t.request(t.resourceUrl, { headers: { 'X-PAYMENT': value, 'PAYMENT-SIGNATURE': value } })
      t.check(res.status === 400, `expected 400, got ${res.status}`, { body: res.body })
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'server.payment-header.repeated-header',
    clause: 'http.header.base64',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'the payment header sent twice (combined as "a, b") is refused and nothing is charged',
    run: async (t) => {
      const paid = await t.pay()
      const value = t.encode(paid.payload)
      const before = await t.ledger.snapshot(paid)
      const { origin, path } = originAndPath(t.resourceUrl)
      const res = await rawRequest(origin, path, { headers: { [paymentHeader(t.version)]: [value, value] } })
      t.check(res.status !== 0, `no answer: ${res.error ?? ''}`)
      t.check(!isServed(res.status), `a doubled payment header was served (${res.status})`, { body: res.text.slice(0, 300) })
      t.check(res.status === 400 || res.status === 402, `expected 400 or 402, got ${res.status}`, { body: res.text.slice(0, 300) })
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'server.payment-header.malformed-explained',
    clause: 'http.server.malformed-payment',
    level: 'SHOULD',
    role: 'server',
    versions: [1, 2],
    title: 'the answer to a malformed payment header says what is wrong in an error message',
    run: async (t) => {
      const res = await t.fetchPaid(undefined, { header: b64('{"x402Version":') })
      const error = (res.body as { error?: unknown } | undefined)?.error
      t.check(res.status === 400 || res.status === 402, `expected 400, got ${res.status}`, { body: res.body })
      t.check(typeof error === 'string' && error.length > 0, 'the answer carries no error message', { body: res.body })
    },
  }),

  defineCase({
    id: 'server.payment-header.fuzz',
    clause: 'http.server.no-5xx-for-client-input',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    tags: ['property'],
    title: 'generated garbage in the payment header (text, base64 text, base64 of JSON values) is never served and never answered 5xx',
    run: async (t) => {
      const header = fc.oneof(
        fc.string({ unit: 'grapheme-ascii', maxLength: 200 }).map((s) => s.trim()),
        fc.base64String({ maxLength: 400 }),
        fc.jsonValue({ maxDepth: 4 }).map((v) => b64(JSON.stringify(v) ?? 'null')),
        fc.dictionary(fc.constantFrom('x402Version', 'scheme', 'network', 'payload', 'accepted', 'resource', 'extensions'), fc.jsonValue({ maxDepth: 3 })).map((v) => b64(JSON.stringify(v))),
      )
      await t.property(header, async (value) => {
        const res = await t.fetchPaid(undefined, { header: value })
        t.check(res.status !== 0 && res.status < 500, `the header ${JSON.stringify(value.slice(0, 80))} was answered ${res.status || res.error}`)
        t.check(!isServed(res.status), `the header ${JSON.stringify(value.slice(0, 80))} was served (${res.status})`)
      }, { runs: 50 })
    },
  }),
]
