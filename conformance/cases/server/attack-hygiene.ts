import { defineCase } from '../../case.js'
import type { Exchange } from '../../context/http.js'
import type { TestContext, Wire } from '../../context/types.js'
import { rawSocket } from './attack-wire.js'
import { acceptsOf, challengeOf, expectServedWithReceipt, isServed, originAndPath, receiptOf } from './helpers-server.js'
import { expectNoPaidBody } from './paid-content.js'

/**
 * Response hygiene (spec/08-attacks.md): what the answers around a payment let others see. A shared
 * cache must not keep the paid answer; no refusal carries the paid body; a challenge with non-ASCII text
 * still travels in a header.
 */

const paidNotCached = defineCase({
  id: 'server.attack-hygiene.paid-not-cached',
  clause: 'attack.server.paid-not-cached',
  level: 'SHOULD',
  harm: 'hygiene',
  role: 'server',
  versions: [1, 2],
  title: 'a served paid answer and its receipt carry Cache-Control private or no-store (or Vary on the payment header)',
  run: async (t) => {
    const res = await t.fetchPaid(await t.pay())
    expectServedWithReceipt(t, res)
    const cache = (res.headers['cache-control'] ?? '').toLowerCase()
    const vary = (res.headers['vary'] ?? '').toLowerCase()
    const keyed = vary === '*' || /payment-signature|x-payment/.test(vary)
    t.check(
      /\b(private|no-store)\b/.test(cache) || keyed,
      `the paid answer may be stored by a shared cache (Cache-Control: ${cache || 'none'}, Vary: ${vary || 'none'})`,
      {
        headers: res.headers,
      },
    )
  },
})

/** Refusals a client can provoke; `hostile` ones need the harness facilitator. */
const refusals: readonly { label: string; hostile?: boolean; send: (t: TestContext) => Promise<Exchange> }[] = [
  { label: 'no payment', send: (t) => t.fetchPaid(undefined) },
  { label: 'a forged payment', send: async (t) => t.fetchPaid(await t.pay({ signWith: await t.payer(0n) })) },
  { label: 'a header that is not base64', send: (t) => t.fetchPaid(undefined, { header: '%%% not base64 %%%' }) },
  {
    label: 'an expired payment',
    send: async (t) =>
      t.fetchPaid(await t.pay({ authorization: { validAfter: BigInt(t.now() - 600), validBefore: BigInt(t.now() - 300) } })),
  },
  {
    label: 'a settlement the facilitator refuses after the handler ran',
    hostile: true,
    send: async (t) => {
      t.hostile({ settle: 'refuse' })
      return t.fetchPaid(await t.pay())
    },
  },
  {
    label: 'a settle answered 500 after the handler ran',
    hostile: true,
    send: async (t) => {
      t.hostile({ settle: 'error-500' })
      return t.fetchPaid(await t.pay())
    },
  },
]

const noPaidBody = defineCase({
  id: 'server.attack-hygiene.no-paid-body-on-refusal',
  clause: 'attack.server.no-paid-body-on-refusal',
  level: 'MUST',
  harm: 'access',
  role: 'server',
  versions: [1, 2],
  title: 'no refusal (402, 400, 5xx), even after the handler ran and the settlement failed, carries the paid body',
  timeoutMs: 60_000,
  run: async (t) => {
    for (const row of refusals) {
      if (row.hostile && !t.target.hostile) {
        t.info(`${row.label}: not sent (the server does not settle through the harness facilitator)`)
        continue
      }
      const res = await row.send(t)
      t.check(res.status !== 0, `${row.label}: no answer (${res.error ?? ''})`)
      t.check(!isServed(res.status), `${row.label} was served (${res.status})`, { body: res.body })
      await expectNoPaidBody(t, res.text, `${row.label} (${res.status})`)
      if (receiptOf(t.version, res)?.['success'] === true) t.fail(`${row.label}: the refusal carries a receipt claiming success`)
    }
  },
})

const nonAscii = 'pay\u00e9 \u6587\u5b57 \u{1F4B8}'

/** The description and resource URL of a challenge's first offer (v2: `resource`; v1: the requirement). */
function describe(c: Wire | undefined, accepts: Wire[]): string[] {
  const resource = (c?.['resource'] ?? {}) as Wire
  const first = accepts[0] ?? {}
  return [resource['description'], first['description'], resource['url'], first['resource']].filter(
    (x): x is string => typeof x === 'string',
  )
}

const asciiSafe = defineCase({
  id: 'server.attack-hygiene.challenge-ascii-safe',
  clause: 'attack.server.challenge-ascii-safe',
  level: 'MUST',
  harm: 'interop',
  role: 'server',
  versions: [2],
  title: 'a challenge for a URL with non-ASCII text travels as an ASCII header whose JSON keeps the text',
  run: async (t) => {
    const { origin, path } = originAndPath(t.resourceUrl)
    const raw = await rawSocket(origin, `GET ${path}?q=${nonAscii} HTTP/1.1`)
    const viaFetch = await t.request(`${t.resourceUrl}?q=${encodeURIComponent(nonAscii)}`)
    for (const [label, status, header] of [
      ['raw UTF-8 query', raw.status, raw.headers['payment-required']],
      ['percent-encoded query', viaFetch.status, viaFetch.headers['payment-required']],
    ] as const) {
      t.check(status < 500 && status !== 0, `a request with a ${label} was answered ${status}`)
      if (status !== 402) {
        t.info(`a request with a ${label} was answered ${status}`)
        continue
      }
      t.check(
        typeof header === 'string' && /^[\x21-\x7e]+$/.test(header),
        `the PAYMENT-REQUIRED header of a ${label} is not plain ASCII`,
        { header },
      )
    }
    const c = challengeOf(2, viaFetch)
    t.check(c !== undefined, 'the PAYMENT-REQUIRED header did not decode to a JSON object', { headers: viaFetch.headers })
    const texts = describe(c, acceptsOf(2, viaFetch))
    const kept = texts.some((s) => s.includes(nonAscii) || s.includes(encodeURIComponent(nonAscii)))
    if (!kept) t.info('the challenge does not repeat the query text (nothing non-ASCII to compare)')
    if (texts.some((s) => /[\u0080-\uffff]/.test(s))) t.info('the challenge carries non-ASCII text, and it survived the encoding')
  },
})

export const cases = [paidNotCached, noPaidBody, asciiSafe]
