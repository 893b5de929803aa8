import { defineCase } from '../../case.js'
import type { Paid, TestContext, Wire } from '../../context/types.js'
import {
  b64,
  encodingWhere,
  expectRefused,
  expectRefusedByLedger,
  isServed,
  paymentHeader,
  rawPaymentRequest,
  receiptHeader,
} from './helpers-server.js'
import { expectServedAndCharged, snapshotOf } from './outcomes.js'

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
  base64url: (payload: Wire) =>
    encodingWhere({ ...payload, note: '???>>>' }, (b) => /[+/]/.test(b))
      .base64.replace(/\+/g, '-')
      .replace(/\//g, '_'),
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
 * A correct payment, encoded wrongly: a lenient decoder reads the signed payment, so a server that
 * accepts it serves and charges exactly what was paid for. Lenient-but-lossless decoding is hygiene
 * (DESIGN §10): these cases are SHOULD, refused (400, 402 tolerated) with nothing moved.
 */
const misencodedRows: readonly { id: string; encoding: keyof typeof misencodings; clause: string; what: string }[] = [
  {
    id: 'server.payment-encoding.base64url',
    encoding: 'base64url',
    clause: 'http.header.base64',
    what: 'encoded in base64url (- and _)',
  },
  {
    id: 'server.payment-encoding.unpadded',
    encoding: 'unpadded',
    clause: 'http.header.base64',
    what: 'encoded without its = padding',
  },
  {
    id: 'server.payment-encoding.padding-in-middle',
    encoding: 'padding-in-middle',
    clause: 'http.header.base64',
    what: 'whose base64 has = padding in the middle',
  },
  {
    id: 'server.payment-encoding.unused-bits',
    encoding: 'unused-bits',
    clause: 'http.header.base64',
    what: 'whose last base64 character carries non-zero unused bits',
  },
  {
    id: 'server.payment-encoding.inner-space',
    encoding: 'inner-space',
    clause: 'http.header.base64',
    what: 'whose base64 has a space inside',
  },
  {
    id: 'server.payment-encoding.not-utf8',
    encoding: 'not-utf8',
    clause: 'http.header.json',
    what: 'whose JSON carries a byte that is not UTF-8',
  },
  {
    id: 'server.payment-encoding.latin1',
    encoding: 'latin1',
    clause: 'http.header.utf8',
    what: 'whose non-ASCII text was encoded as Latin-1 instead of UTF-8',
  },
  {
    id: 'server.payment-encoding.trailing-data',
    encoding: 'trailing-data',
    clause: 'http.header.json',
    what: 'followed by a second JSON value',
  },
]

/** A correct payment whose header is the JSON padded with spaces to `length` bytes of base64. */
async function paddedTo(t: TestContext, length: number): Promise<{ paid: Paid; header: string }> {
  const paid = await t.pay()
  const json = JSON.stringify(paid.payload)
  const header = b64(`{${' '.repeat((length / 4) * 3 - json.length)}${json.slice(1)}`)
  t.check(header.length === length, `harness: built ${header.length} bytes, not ${length}`)
  return { paid, header }
}

export const cases = [
  ...misencodedRows.map((row) =>
    defineCase({
      id: row.id,
      clause: row.clause,
      level: 'SHOULD',
      harm: 'hygiene',
      role: 'server',
      versions: [1, 2],
      title: `a correct payment ${row.what} is refused and nothing is charged`,
      run: async (t) => {
        const paid = await t.pay()
        const before = await snapshotOf(t, paid)
        const res = await t.fetchPaid(undefined, { header: misencodings[row.encoding](paid.payload) })
        await expectRefused(t, res, before, { malformed: true })
      },
    }),
  ),
  defineCase({
    id: 'server.payment-encoding.utf8-accepted',
    clause: 'http.header.utf8',
    level: 'MUST',
    harm: 'interop',
    role: 'server',
    versions: [1, 2],
    title: 'a correct payment carrying non-ASCII text as UTF-8 (an unknown member) is served and charged once',
    run: async (t) => {
      await expectServedAndCharged(t, await t.pay({ wire: { note: '支払い 💸 café' } }))
    },
  }),
  defineCase({
    id: 'server.payment-encoding.size-16k-accepted',
    clause: 'http.header.size-limit',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'server',
    versions: [1, 2],
    title: 'a correct payment whose header value is exactly 16384 bytes (JSON whitespace) is served and charged once',
    run: async (t) => {
      const { paid, header } = await paddedTo(t, 16_384)
      await expectServedAndCharged(t, paid, () => t.fetchPaid(undefined, { header }))
    },
  }),
  defineCase({
    id: 'server.payment-encoding.oversized',
    clause: 'http.server.no-5xx-for-client-input',
    level: 'MUST',
    harm: 'availability',
    role: 'server',
    versions: [1, 2],
    title: 'a 64 KiB payment header is refused without 5xx or content (400, 402, 413 or 431 recommended)',
    run: async (t) => {
      const { paid, header } = await paddedTo(t, 65_536)
      const before = await snapshotOf(t, paid)
      await expectRefusedByLedger(t, await t.fetchPaid(undefined, { header }), before, [400, 402, 413, 431])
    },
  }),
  defineCase({
    id: 'server.payment-encoding.header-name-case',
    clause: 'http.payment.header-encoding',
    level: 'MUST',
    harm: 'interop',
    role: 'server',
    versions: [1, 2],
    title: 'a correct payment in the header of its version, its name in another letter case, is served and charged once',
    run: async (t) => {
      const paid = await t.pay()
      const name = paymentHeader(t.version)
        .toLowerCase()
        .replace(/^./, (c) => c.toUpperCase())
      const before = await snapshotOf(t, paid)
      const res = await rawPaymentRequest(t, t.encode(paid.payload), name)
      t.check(isServed(res.status), `a payment in '${name}' was answered ${res.status}`, { body: res.text.slice(0, 300) })
      t.check(res.headers[receiptHeader(t.version)] !== undefined, 'the served answer carries no receipt', {
        headers: res.headers,
      })
      await t.ledger.expectPaid(before)
    },
  }),
]
