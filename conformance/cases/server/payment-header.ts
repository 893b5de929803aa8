import fc from 'fast-check'
import { defineCase } from '../../case.js'
import type { Harm } from '../../case.js'
import type { TestContext, Wire } from '../../context/types.js'
import { b64, expectRefused, expectRefusedByLedger, isServed, rawPaymentRequest } from './helpers-server.js'
import { mismatchCase, snapshotOf } from './outcomes.js'
import { rowCases } from '../rowCases.js'
import { must, should } from '../levels.js'

/**
 * Header values that are not a payment at all: never served (access), never a 5xx (availability);
 * any 4xx passes, 400 or 402 is recommended.
 */
const garbageRows: readonly { id: string; clause: string; harm: Harm; title: string; values: (t: TestContext) => string[] }[] = [
  {
    id: 'server.payment-header.not-json-no-5xx',
    clause: 'http.server.no-5xx-for-client-input',
    harm: 'availability',
    title: 'a payment header that is base64 of something other than JSON is refused without 5xx or content',
    values: () => [b64('hello, not json')],
  },
  {
    id: 'server.payment-header.not-an-object',
    clause: 'http.server.no-5xx-for-client-input',
    harm: 'availability',
    title: 'a header carrying JSON that is not an object (array, string, number, null, true) is refused without 5xx',
    values: () => ['[]', '"payment"', '42', 'null', 'true'].map(b64),
  },
  {
    id: 'server.payment-header.schema-invalid',
    clause: 'http.server.no-5xx-for-client-input',
    harm: 'availability',
    title:
      'a header carrying a JSON object that is not a payment payload (no payload, no scheme or accepted) is refused without 5xx',
    values: (t) => [
      b64(JSON.stringify({ x402Version: t.version })),
      b64(JSON.stringify({ x402Version: t.version, scheme: 'exact', network: t.chain.networkV1, accepted: {} })),
    ],
  },
  {
    id: 'server.payment-header.empty',
    clause: 'http.server.verify-first',
    harm: 'access',
    title: 'an empty payment header does not unlock the resource',
    values: () => [''],
  },
  {
    id: 'server.payment-header.arbitrary-token',
    clause: 'http.server.verify-first',
    harm: 'access',
    title: 'an arbitrary token in the payment header (a bearer token, "true", "paid") does not unlock the resource',
    values: () => ['totally-fake-token', 'Bearer abc.def.ghi', 'true', 'paid', '1', 'e30='],
  },
  {
    id: 'server.payment-header.deep-nesting',
    clause: 'http.server.no-5xx-for-client-input',
    harm: 'availability',
    title: 'a header of JSON nested 1500 levels deep is refused without 5xx',
    values: () => [b64(`${'{"a":'.repeat(1_500)}1${'}'.repeat(1_500)}`), b64(`${'['.repeat(1_500)}${']'.repeat(1_500)}`)],
  },
]

/** A correct payment sent in the other version's header: served and charged correctly is harmless (hygiene). */
const wrongHeaderRows = [
  {
    id: 'server.payment-header.v2-in-x-payment',
    version: 2,
    headerName: 'X-PAYMENT',
    title: 'a correct v2 payment sent in the v1 header X-PAYMENT is refused and nothing is charged',
  },
  {
    id: 'server.payment-header.v1-in-payment-signature',
    version: 1,
    headerName: 'PAYMENT-SIGNATURE',
    title: 'a correct v1 payment sent in the v2 header PAYMENT-SIGNATURE is refused and nothing is charged',
  },
] as const

/** A correct payment labelled with a scheme or network the server does not offer (http.server.match-offer). */
const unofferedRows = [
  {
    id: 'server.payment-header.unknown-scheme',
    v1: { scheme: 'upto' },
    v2: { scheme: 'upto' },
    title: 'a payment for a scheme the server does not offer is not served unless the offer is paid',
  },
  {
    id: 'server.payment-header.unknown-network',
    v1: { network: 'solana' },
    v2: { network: 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp' },
    title: 'a payment naming a network the server does not offer is not served unless the offer is paid',
  },
] as const

const hygiene = should('server')

export const cases = [
  defineCase({
    ...hygiene,
    id: 'server.payment-header.bad-base64',
    clause: 'http.server.malformed-payment',
    title: 'a payment header that is not base64 is answered 400',
    run: async (t) => {
      const res = await t.fetchPaid(undefined, { header: '%%% not base64 %%%' })
      t.check(res.status === 400, `expected 400, got ${res.status}`, { body: res.body })
    },
  }),
  defineCase({
    ...hygiene,
    id: 'server.payment-header.malformed-400',
    clause: 'http.server.malformed-payment',
    title: 'payment headers with bad padding, bytes not UTF-8, text not JSON, or JSON outside the schema are each answered 400',
    run: async (t) => {
      const values = {
        padding: b64('{"x402Version":1}').replace(/=+$/, ''),
        utf8: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64'),
        json: b64('{"x402Version":'),
        schema: b64(`{"x402Version":${t.version}}`),
      }
      for (const [what, header] of Object.entries(values)) {
        const res = await t.fetchPaid(undefined, { header })
        t.check(res.status === 400, `a header failing on ${what} was answered ${res.status}, expected 400`, { body: res.body })
      }
    },
  }),
  ...rowCases(must('server', 'availability'), garbageRows, async (t, row) => {
    for (const header of row.values(t))
      await expectRefusedByLedger(t, await t.fetchPaid(undefined, { header }), undefined, [400, 402])
  }),
  defineCase({
    ...hygiene,
    id: 'server.payment-header.wrong-version',
    clause: 'envelopes.version',
    title: 'a signed payment whose x402Version is 3, 0, a string or missing is refused and nothing is charged',
    run: async (t) => {
      const paid = await t.pay()
      const before = await snapshotOf(t, paid)
      for (const x402Version of [3, 0, String(t.version), undefined, -1, 1.5]) {
        await expectRefused(t, await t.fetchPaid(undefined, { header: t.encode({ ...paid.payload, x402Version }) }), undefined, {
          malformed: true,
        })
      }
      await t.ledger.expectUntouched(before)
    },
  }),
  ...wrongHeaderRows.map((row) =>
    defineCase({
      ...hygiene,
      id: row.id,
      clause: 'http.versions.header-matches-version',
      versions: [row.version],
      title: row.title,
      run: async (t) => {
        const paid = await t.pay()
        const before = await snapshotOf(t, paid)
        await expectRefused(t, await t.fetchPaid(paid, { headerName: row.headerName }), before, { malformed: true })
      },
    }),
  ),
  ...unofferedRows.map((row) =>
    mismatchCase({
      id: row.id,
      harm: 'access',
      versions: [1, 2],
      title: row.title,
      make: async (t) => {
        const paid = await t.pay()
        if (t.version === 1) paid.payload = { ...paid.payload, ...row.v1 }
        else paid.payload = { ...paid.payload, accepted: { ...(paid.payload['accepted'] as Wire), ...row.v2 } }
        return paid
      },
    }),
  ),
  defineCase({
    ...must('server', 'availability'),
    id: 'server.payment-header.prototype-members',
    clause: 'http.server.no-5xx-for-client-input',
    title: 'a forged payment carrying __proto__ and constructor members is refused without 5xx and nothing is charged',
    run: async (t) => {
      const paid = await t.pay({ signWith: await t.payer(0n) })
      const json = JSON.stringify(paid.payload)
      const header = b64(
        `{"__proto__":{"isValid":true,"success":true},"constructor":{"prototype":{"isValid":true}},${json.slice(1)}`,
      )
      const before = await snapshotOf(t, paid)
      await expectRefusedByLedger(t, await t.fetchPaid(undefined, { header }), before, [400, 402])
    },
  }),
  defineCase({
    ...hygiene,
    id: 'server.payment-header.both-headers',
    clause: 'http.server.one-payment-header',
    title: 'a request carrying both X-PAYMENT and PAYMENT-SIGNATURE is answered 400',
    run: async (t) => {
      const paid = await t.pay()
      const before = await snapshotOf(t, paid)
      const value = t.encode(paid.payload)
      const res = await t.request(t.resourceUrl, { headers: { 'X-PAYMENT': value, 'PAYMENT-SIGNATURE': value } })
      t.check(res.status === 400, `expected 400, got ${res.status}`, { body: res.body })
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    ...hygiene,
    id: 'server.payment-header.repeated-header',
    clause: 'http.header.base64',
    title: 'the payment header sent twice (combined as "a, b") is refused and nothing is charged',
    run: async (t) => {
      const paid = await t.pay()
      const value = t.encode(paid.payload)
      const before = await snapshotOf(t, paid)
      const res = await rawPaymentRequest(t, [value, value])
      t.check(res.status === 400 || res.status === 402, `expected 400 or 402, got ${res.status || res.error}`, {
        body: res.text.slice(0, 300),
      })
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    ...hygiene,
    id: 'server.payment-header.malformed-explained',
    clause: 'http.server.malformed-payment',
    title: 'the answer to a malformed payment header says what is wrong in an error message',
    run: async (t) => {
      const res = await t.fetchPaid(undefined, { header: b64('{"x402Version":') })
      const error = (res.body as { error?: unknown } | undefined)?.error
      t.check(res.status === 400 || res.status === 402, `expected 400, got ${res.status}`, { body: res.body })
      t.check(typeof error === 'string' && error.length > 0, 'the answer carries no error message', { body: res.body })
    },
  }),
  defineCase({
    ...must('server', 'availability'),
    id: 'server.payment-header.fuzz',
    clause: 'http.server.no-5xx-for-client-input',
    tags: ['property'],
    title:
      'generated garbage in the payment header (text, base64 text, base64 of JSON values) is never served and never answered 5xx',
    run: async (t) => {
      const members = fc.constantFrom('x402Version', 'scheme', 'network', 'payload', 'accepted', 'resource', 'extensions')
      const header = fc.oneof(
        fc.string({ unit: 'grapheme-ascii', maxLength: 200 }).map((s) => s.trim()),
        fc.base64String({ maxLength: 400 }),
        fc.jsonValue({ maxDepth: 4 }).map((v) => b64(JSON.stringify(v) ?? 'null')),
        fc.dictionary(members, fc.jsonValue({ maxDepth: 3 })).map((v) => b64(JSON.stringify(v))),
      )
      await t.property(
        header,
        async (value) => {
          const res = await t.fetchPaid(undefined, { header: value })
          const shown = JSON.stringify(value.slice(0, 80))
          t.check(res.status !== 0 && res.status < 500, `the header ${shown} was answered ${res.status || res.error}`)
          t.check(!isServed(res.status), `the header ${shown} was served (${res.status})`)
        },
        { runs: 50 },
      )
    },
  }),
]
