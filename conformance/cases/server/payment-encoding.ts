import { defineCase } from '../../case.js'
import type { Wire } from '../../context/types.js'
import { b64, encodingWhere, expectRefused, expectServedWithReceipt, isServed, originAndPath, paymentHeader, rawRequest } from './helpers-server.js'

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** The UTF-8 JSON bytes of `payload` with an extra member `note` whose value is replaced by raw bytes. */
function withRawNote(payload: Wire, bytes: Buffer): string {
  const json = JSON.stringify({ ...payload, note: '@@NOTE@@' })
  const [head, tail] = json.split('@@NOTE@@') as [string, string]
  return Buffer.concat([Buffer.from(head, 'utf8'), bytes, Buffer.from(tail, 'utf8')]).toString('base64')
}

/**
 * Wrong encodings of a payment payload, each of which a lenient decoder (base64 that skips or maps
 * bad characters, UTF-8 with replacement, a JSON reader that stops after the first value) reads as
 * the payment (plus, for some, an unknown `note` member). A strict receiver rejects every one.
 */
export const misencodings = {
  base64url: (payload: Wire) => encodingWhere({ ...payload, note: '???>>>' }, (b) => /[+/]/.test(b)).base64.replace(/\+/g, '-').replace(/\//g, '_'),
  unpadded: (payload: Wire) => encodingWhere(payload, (b) => b.endsWith('=')).base64.replace(/=+$/, ''),
  'padding-in-middle': (payload: Wire) => {
    const json = JSON.stringify(payload)
    const cut = json.length % 3 === 1 ? 4 : 5
    return b64(json.slice(0, cut)) + b64(json.slice(cut))
  },
  'unused-bits': (payload: Wire) => {
    const { base64 } = encodingWhere(payload, (b) => b.endsWith('=='))
    const i = base64.length - 3
    return `${base64.slice(0, i)}${alphabet[alphabet.indexOf(base64[i]!) + 1]}${base64.slice(i + 1)}`
  },
  'inner-space': (payload: Wire) => {
    const b = b64(JSON.stringify(payload))
    const at = Math.floor(b.length / 8) * 4
    return `${b.slice(0, at)} ${b.slice(at)}`
  },
  'not-utf8': (payload: Wire) => withRawNote(payload, Buffer.from([0xff])),
  latin1: (payload: Wire) => Buffer.from(JSON.stringify({ ...payload, note: 'café' }), 'latin1').toString('base64'),
  'trailing-data': (payload: Wire) => b64(`${JSON.stringify(payload)} {}`),
} as const satisfies Record<string, (payload: Wire) => string>

/**
 * A correct payment, encoded wrongly: a lenient decoder would read a valid payment, so a server that
 * accepts it would serve and charge. It must be refused (400, 402 tolerated), and nothing moves.
 */
const misencoded = (name: keyof typeof misencodings, clause: string, title: string) =>
  defineCase({
    id: `server.payment-encoding.${name}`,
    clause,
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title,
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const res = await t.fetchPaid(undefined, { header: misencodings[name](paid.payload) })
      await expectRefused(t, res, before, { malformed: true })
    },
  })

export const cases = [
  misencoded('base64url', 'http.header.base64', 'a correct payment encoded in base64url (- and _) is refused and nothing is charged'),
  misencoded('unpadded', 'http.header.base64', 'a correct payment encoded without its = padding is refused and nothing is charged'),
  misencoded('padding-in-middle', 'http.header.base64', 'a correct payment whose base64 has = padding in the middle is refused and nothing is charged'),
  misencoded('unused-bits', 'http.header.base64', 'a correct payment whose last base64 character carries non-zero unused bits is refused and nothing is charged'),
  misencoded('inner-space', 'http.header.base64', 'a correct payment whose base64 has a space inside is refused and nothing is charged'),
  misencoded('not-utf8', 'http.header.json', 'a correct payment whose JSON carries a byte that is not UTF-8 is refused and nothing is charged'),
  misencoded('latin1', 'http.header.utf8', 'a correct payment whose non-ASCII text was encoded as Latin-1 instead of UTF-8 is refused and nothing is charged'),
  misencoded('trailing-data', 'http.header.json', 'a correct payment followed by a second JSON value is refused and nothing is charged'),
  defineCase({
    id: 'server.payment-encoding.utf8-accepted',
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
    id: 'server.payment-encoding.size-16k-accepted',
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
    id: 'server.payment-encoding.oversized',
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
  defineCase({
    id: 'server.payment-encoding.header-name-case',
    clause: 'http.payment.header-encoding',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a correct payment in the header of its version, its name in another letter case, is served and charged once',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const name = paymentHeader(t.version).toLowerCase().replace(/^./, (c) => c.toUpperCase())
      const { origin, path } = originAndPath(t.resourceUrl)
      const res = await rawRequest(origin, path, { headers: { [name]: t.encode(paid.payload) } })
      t.check(isServed(res.status), `a payment in '${name}' was answered ${res.status}`, { body: res.text.slice(0, 300) })
      const receipt = res.headers[t.version === 1 ? 'x-payment-response' : 'payment-response']
      t.check(receipt !== undefined, 'the served answer carries no receipt', { headers: res.headers })
      await t.ledger.expectPaid(before)
    },
  }),
]

