import { defineCase } from '../../case.js'
import type { Exchange } from '../../context/http.js'
import type { Paid, TestContext } from '../../context/types.js'
import { rawReceipt, rawSocket, judgeShaped } from './attack-wire.js'
import type { Shaped } from './attack-wire.js'
import { isServed, originAndPath, paymentHeader, rawRequest, receiptOf } from './helpers-server.js'
import { expectNoPaidBody } from './paid-content.js'
import { snapshotOf, transactionOf } from './outcomes.js'
import { rowCases } from '../rowCases.js'

/**
 * Request shape (spec/08-attacks.md): the resource a payment buys is re-derived from the request, and
 * methods, overrides, path parameters, encoded delimiters, absolute-form targets and forwarding headers
 * change it. Paid shapes are judged by the ledger (served and charged once, or not charged); unpaid
 * shapes never return the paid body.
 */

const fromExchange = (t: TestContext, res: Exchange): Shaped => ({
  status: res.status,
  text: res.text,
  receipt: receiptOf(t.version, res),
  error: res.error,
})

/** One shape of the paid request: a label and how to send `paid` in it. */
type Shape = { label: string; send: (t: TestContext, paid: Paid) => Promise<Shaped> }

const header = (t: TestContext, paid: Paid) => ({ [paymentHeader(t.version)]: t.encode(paid.payload) })

/** A payment sent through fetch with another method, URL or extra headers. */
const viaFetch =
  (method: string, extra: Record<string, string> = {}, url?: (t: TestContext) => string) =>
  async (t: TestContext, paid: Paid) =>
    fromExchange(t, await t.request(url?.(t) ?? t.resourceUrl, { method, headers: { ...header(t, paid), ...extra } }))

/** A payment sent as a raw request target (no URL normalisation). */
const viaRaw =
  (target: (path: string, origin: string) => string, extra: Record<string, string> = {}) =>
  async (t: TestContext, paid: Paid) => {
    const { origin, path } = originAndPath(t.resourceUrl)
    const res = await rawRequest(origin, target(path, origin), { headers: { ...header(t, paid), ...extra } })
    return { ...res, receipt: rawReceipt(t, res) }
  }

const withPath = (suffix: string) => (t: TestContext) => `${t.resourceUrl}${suffix}`

const families: readonly { id: string; title: string; shapes: readonly Shape[] }[] = [
  {
    id: 'server.attack-request.other-methods-paid',
    title: 'a correct payment sent with POST, PUT or DELETE to a GET route is charged only if served',
    shapes: ['POST', 'PUT', 'DELETE'].map((m) => ({ label: `a paid ${m}`, send: viaFetch(m) })),
  },
  {
    id: 'server.attack-request.method-override-paid',
    title: 'a correct payment with X-HTTP-Method-Override (DELETE, OPTIONS) is charged only if served',
    shapes: ['DELETE', 'OPTIONS'].map((m) => ({
      label: `a paid GET overridden to ${m}`,
      send: viaFetch('GET', { 'x-http-method-override': m, 'x-method-override': m }),
    })),
  },
  {
    id: 'server.attack-request.lower-case-method-paid',
    title: 'a correct payment in a request with the lower-case method "get" is charged only if served',
    shapes: [
      {
        label: 'a paid lower-case get',
        send: async (t, paid) => {
          const { origin, path } = originAndPath(t.resourceUrl)
          const res = await rawSocket(origin, `get ${path} HTTP/1.1\r\n${paymentHeader(t.version)}: ${t.encode(paid.payload)}`)
          return { ...res, receipt: rawReceipt(t, res) }
        },
      },
    ],
  },
  {
    id: 'server.attack-request.path-parameter-paid',
    title: 'a correct payment sent to the path with a ;param path parameter is charged only if served',
    shapes: [';x=1', ';jsessionid=abc'].map((p) => ({ label: `the paid path${p}`, send: viaFetch('GET', {}, withPath(p)) })),
  },
  {
    id: 'server.attack-request.encoded-delimiters-paid',
    title: 'a correct payment sent to the path with an encoded # or ? is charged only if served',
    shapes: ['%23x', '%3Fx=1', '%3F'].map((p) => ({ label: `the paid path${p}`, send: viaFetch('GET', {}, withPath(p)) })),
  },
  {
    id: 'server.attack-request.absolute-form-paid',
    title: 'a correct payment in an absolute-form request naming another host is charged only if served',
    shapes: [
      { label: 'an absolute-form target on another host', send: viaRaw((p) => `http://other.example${p}`) },
      { label: 'an absolute-form target on the same origin', send: viaRaw((p, o) => `${o}${p}`) },
    ],
  },
  {
    id: 'server.attack-request.forwarded-headers-paid',
    title: 'a correct payment with Host or X-Forwarded-* naming another origin is charged only if served',
    shapes: [
      { label: 'Host: other.example', send: viaRaw((p) => p, { host: 'other.example' }) },
      { label: 'X-Forwarded-Host', send: viaFetch('GET', { 'x-forwarded-host': 'other.example', 'x-forwarded-proto': 'https' }) },
      { label: 'X-Forwarded-Prefix', send: viaFetch('GET', { 'x-forwarded-prefix': '/free', forwarded: 'host=other.example' }) },
    ],
  },
]

const paidCases = rowCases(
  { clause: 'attack.server.request-shape', level: 'MUST', harm: 'funds', role: 'server', versions: [1, 2], timeoutMs: 60_000 },
  families,
  async (t, family) => {
    for (const shape of family.shapes) {
      const paid = await t.pay()
      await judgeShaped(t, shape.label, paid, () => shape.send(t, paid))
    }
  },
)

/** Headers some frameworks route by: the paywall must not be talked into another path or method by them. */
const claims: readonly Record<string, string>[] = [
  { 'x-original-url': '/' },
  { 'x-rewrite-url': '/' },
  { 'x-http-method-override': 'OPTIONS' },
  { 'x-http-method-override': 'HEAD' },
  { 'x-forwarded-uri': '/', 'x-forwarded-prefix': '/free' },
]

const unpaid = defineCase({
  id: 'server.attack-request.unpaid-claims',
  clause: 'attack.server.unpaid-shape',
  level: 'MUST',
  harm: 'access',
  role: 'server',
  versions: [1, 2],
  title: 'an unpaid request claiming another URL or method (X-Original-URL, method overrides) gets no paid body',
  run: async (t) => {
    const { origin, path } = originAndPath(t.resourceUrl)
    for (const headers of claims) {
      const label = `an unpaid GET with ${JSON.stringify(headers)}`
      const res = await t.request(t.resourceUrl, { headers })
      t.check(res.status !== 0 && res.status < 500, `${label} was answered ${res.status || res.error}`)
      t.check(!isServed(res.status), `${label} was served (${res.status})`, { body: res.body })
      await expectNoPaidBody(t, res.text, label)
    }
    for (const target of [`${path};x=1`, `${path}%23x`, `${path}%3F`]) {
      const res = await rawRequest(origin, target)
      t.check(!isServed(res.status) && res.status < 500, `an unpaid ${target} was answered ${res.status || res.error}`)
      await expectNoPaidBody(t, res.text, `an unpaid ${target}`)
    }
    const lower = await rawSocket(origin, `get ${path} HTTP/1.1`)
    t.check(!isServed(lower.status) && lower.status < 500, `an unpaid lower-case get was answered ${lower.status}`)
    await expectNoPaidBody(t, lower.text, 'an unpaid lower-case get')
  },
})

const twoPayments = defineCase({
  id: 'server.attack-request.two-payments',
  clause: 'attack.server.two-payments',
  level: 'MUST',
  harm: 'funds',
  role: 'server',
  versions: [1, 2],
  title: 'two different valid payments in X-PAYMENT and PAYMENT-SIGNATURE are charged at most once',
  timeoutMs: 60_000,
  run: async (t) => {
    const [a, b] = [await t.pay(), await t.pay()]
    const [beforeA, beforeB] = [await snapshotOf(t, a), await snapshotOf(t, b)]
    const headers = { 'X-PAYMENT': t.encode(a.payload), 'PAYMENT-SIGNATURE': t.encode(b.payload) }
    const res = await t.request(t.resourceUrl, { headers })
    t.check(res.status !== 0 && res.status < 500, `two payments were answered ${res.status || res.error}`, { body: res.body })
    const charged = [(await t.ledger.transfersFrom(beforeA)).length, (await t.ledger.transfersFrom(beforeB)).length]
    t.check(charged[0]! + charged[1]! <= 1, `one request charged two payments (${charged.join(' + ')} transfers)`)
    if (!isServed(res.status)) {
      t.check(charged[0]! + charged[1]! === 0, `refused (${res.status}) yet a payment was charged`, { body: res.body })
      return
    }
    const tx = transactionOf(receiptOf(t.version, res))
    const which = charged[0] === 1 ? beforeA : beforeB
    await t.ledger.expectPaid(which, tx)
    t.info(`served with one of the two payments (${charged[0] === 1 ? 'X-PAYMENT' : 'PAYMENT-SIGNATURE'})`)
  },
})

export const cases = [...paidCases, unpaid, twoPayments]
