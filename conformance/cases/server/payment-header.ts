import { defineCase } from '../../case.js'
import type { Level, Version } from '../../case.js'
import type { Paid, TestContext } from '../../context/types.js'
import { b64, encodingWhere, expectNoFacilitatorCall, expectRefused, expectServedWithReceipt, isServed, originAndPath, paymentHeader, rawRequest } from './helpers-server.js'

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/**
 * A correct payment, encoded wrongly by `encode`: a lenient decoder would read a valid payment, so
 * a server that accepts it would serve and charge. It must be refused (400, 402 tolerated), and
 * nothing moves.
 */
const misencoded = (name: string, clause: string, title: string, encode: (paid: Paid) => string) =>
  defineCase({
    id: `server.payment-header.${name}`,
    clause,
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title,
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(undefined, { header: encode(paid) })
      await expectRefused(t, res, before, { malformed: true })
    },
  })

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

/** The UTF-8 JSON bytes of the payment with an extra member `note` whose value is replaced by raw bytes. */
function withRawNote(paid: Paid, bytes: Buffer): string {
  const json = JSON.stringify({ ...paid.payload, note: '@@NOTE@@' })
  const [head, tail] = json.split('@@NOTE@@') as [string, string]
  return Buffer.concat([Buffer.from(head, 'utf8'), bytes, Buffer.from(tail, 'utf8')]).toString('base64')
}

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
  misencoded('base64url', 'http.header.base64', 'a correct payment encoded in base64url (- and _) is refused and nothing is charged', (paid) =>
    encodingWhere({ ...paid.payload, note: '???>>>' }, (b) => /[+/]/.test(b)).base64.replace(/\+/g, '-').replace(/\//g, '_'),
  ),
  misencoded('unpadded', 'http.header.base64', 'a correct payment encoded without its = padding is refused and nothing is charged', (paid) =>
    encodingWhere(paid.payload, (b) => b.endsWith('=')).base64.replace(/=+$/, ''),
  ),
  misencoded('padding-in-middle', 'http.header.base64', 'a correct payment whose base64 has = padding in the middle is refused and nothing is charged', (paid) => {
    const json = JSON.stringify(paid.payload)
    const cut = json.length % 3 === 1 ? 4 : 5
    return b64(json.slice(0, cut)) + b64(json.slice(cut))
  }),
  misencoded('unused-bits', 'http.header.base64', 'a correct payment whose last base64 character carries non-zero unused bits is refused and nothing is charged', (paid) => {
    const { base64 } = encodingWhere(paid.payload, (b) => b.endsWith('=='))
    const i = base64.length - 3
    return `${base64.slice(0, i)}${alphabet[alphabet.indexOf(base64[i]!) + 1]}${base64.slice(i + 1)}`
  }),
  misencoded('inner-space', 'http.header.base64', 'a correct payment whose base64 has a space inside is refused and nothing is charged', (paid) => {
    const b = b64(JSON.stringify(paid.payload))
    const at = Math.floor(b.length / 8) * 4
    return `${b.slice(0, at)} ${b.slice(at)}`
  }),
  misencoded('not-utf8', 'http.header.json', 'a correct payment whose JSON carries a byte that is not UTF-8 is refused and nothing is charged', (paid) => withRawNote(paid, Buffer.from([0xff]))),
  misencoded('latin1', 'http.header.utf8', 'a correct payment whose non-ASCII text was encoded as Latin-1 instead of UTF-8 is refused and nothing is charged', (paid) =>
    Buffer.from(JSON.stringify({ ...paid.payload, note: 'café' }), 'latin1').toString('base64'),
  ),
  misencoded('trailing-data', 'http.header.json', 'a correct payment followed by a second JSON value is refused and nothing is charged', (paid) => b64(`${JSON.stringify(paid.payload)} {}`)),
  defineCase({
    id: 'server.payment-header.utf8-accepted',
    clause: 'http.header.utf8',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a correct payment carrying non-ASCII text as UTF-8 (an unknown member) is served and charged once',
    run: async (t) => {
      const paid = await t.pay({ wire: { note: '支払い 💸 café' } })
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(paid)
      const receipt = expectServedWithReceipt(t, res)
      await t.ledger.expectPaid(before, typeof receipt['transaction'] === 'string' ? receipt['transaction'] : undefined)
    },
  }),
  defineCase({
    id: 'server.payment-header.size-16k-accepted',
    clause: 'http.header.size-limit',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a correct payment whose header value is exactly 16384 bytes (JSON whitespace) is served and charged once',
    run: async (t) => {
      const paid = await t.pay()
      const json = JSON.stringify(paid.payload)
      const header = b64(`{${' '.repeat(12_288 - json.length)}${json.slice(1)}`)
      t.check(header.length === 16_384, `harness: built ${header.length} bytes`)
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(undefined, { header })
      const receipt = expectServedWithReceipt(t, res)
      await t.ledger.expectPaid(before, typeof receipt['transaction'] === 'string' ? receipt['transaction'] : undefined)
    },
  }),
  defineCase({
    id: 'server.payment-header.oversized',
    clause: 'http.server.no-5xx-for-client-input',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a 64 KiB payment header is refused (400, 402, 413 or 431) without 5xx or content',
    run: async (t) => {
      const paid = await t.pay()
      const json = JSON.stringify(paid.payload)
      const header = b64(`{${' '.repeat(49_152 - json.length)}${json.slice(1)}`)
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(undefined, { header })
      await expectRefused(t, res, before, { malformed: true, alsoAccept: [413, 431] })
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
]
