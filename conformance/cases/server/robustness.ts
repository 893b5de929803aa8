import { defineCase } from '../../case.js'
import { decodeLenient } from '../../context/http.js'
import type { TestContext, Wire } from '../../context/types.js'
import { b64, isServed, originAndPath, rawPaymentRequest, rawRequest, receiptHeader } from './helpers-server.js'
import type { RawExchange } from './helpers-server.js'
import { snapshotOf, transactionOf } from './outcomes.js'
import { expectNoPaidBody } from './paid-content.js'
import { must } from '../levels.js'

/**
 * Requests no server expects, judged by their consequence: paths beside a paid path never carry the
 * paid body (access); odd methods, very long paths, null members and deep nesting are answered, and
 * never with a 5xx (availability).
 */

/** An answer came, below 500, without the paid body (a free page may answer 200: only the paid body counts). */
async function expectAnsweredBelow500(
  t: TestContext,
  label: string,
  res: RawExchange | { status: number; text: string; error?: string },
) {
  const evidence = { status: res.status, body: res.text.slice(0, 300) }
  t.check(res.status !== 0, `${label}: no answer (${res.error ?? 'connection closed'})`, evidence)
  t.check(res.status < 500, `${label} was answered ${res.status} (client input never earns a 5xx)`, evidence)
  await expectNoPaidBody(t, res.text, label)
}

/**
 * A correctly signed payment carrying one unknown nested member: a lenient reader may serve it (the
 * signed payment is intact). Served is harmless when the ledger shows it paid once, in the receipt's
 * transaction; refused must charge nothing; no 5xx either way.
 */
export async function expectSignedPaymentJudgedByLedger(
  t: TestContext,
  label: string,
  res: RawExchange,
  before: Awaited<ReturnType<typeof snapshotOf>>,
) {
  const evidence = { status: res.status, body: res.text.slice(0, 300) }
  t.check(res.status !== 0, `${label}: no answer (${res.error ?? 'connection closed'})`, evidence)
  t.check(res.status < 500, `${label} was answered ${res.status} (client input never earns a 5xx)`, evidence)
  if (!isServed(res.status)) {
    await expectNoPaidBody(t, res.text, label)
    return t.ledger.expectUntouched(before)
  }
  const header = res.headers[receiptHeader(t.version)]
  const receipt = header === undefined ? undefined : decodeLenient(header)
  const tx = transactionOf(typeof receipt === 'object' && receipt !== null ? (receipt as Wire) : undefined)
  await t.ledger.expectPaid(before, tx)
  t.info(`${label}: served (${res.status}) the signed payment, ignoring the unknown member; the ledger shows it paid once`)
}

const segments = (path: string) => path.split('/').filter((s) => s !== '')
const last = (path: string) => segments(path).at(-1) ?? ''
const parent = (path: string) => `/${segments(path).slice(0, -1).join('/')}`.replace(/^\/$/, '')

/** Paths that share the paid path's spelling but are other paths: a prefix matcher serves them. */
export const siblingsOf = (p: string) => [`${p}x`, `${p}.json`, `${p};x`, `${p}%2e`, `${p}%20`, `${p}%00`, `${p}-1`, `${p}~`]

/** Every member of a JSON value, as paths of keys (objects only; arrays are left whole). */
export function memberPaths(value: unknown, prefix: readonly string[] = []): string[][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return []
  return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...memberPaths(v, [...prefix, k])])
}

/** A deep copy of `value` with the member at `path` set to null. */
export function withNull(value: Wire, path: readonly string[]): Wire {
  const copy = structuredClone(value)
  let node = copy as Record<string, unknown>
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>
  node[path.at(-1)!] = null
  return copy
}

const availability = { ...must('server', 'availability'), clause: 'http.server.no-5xx-for-client-input' } as const

export const cases = [
  defineCase({
    ...must('server', 'access'),
    id: 'server.robustness.sibling-paths',
    clause: 'http.server.sibling-paths',
    title:
      'paths beside the paid path (a suffix, an extension, ;x, an encoded dot, space or NUL) never carry the paid body unpaid',
    run: async (t) => {
      const { origin, path } = originAndPath(t.resourceUrl)
      for (const sibling of siblingsOf(path)) {
        const res = await t.fetchPaid(undefined, { url: `${origin}${sibling}` })
        t.check(res.status !== 0, `${sibling}: no answer (${res.error ?? ''})`)
        if (isServed(res.status)) await expectNoPaidBody(t, res.text, `${sibling} (answered ${res.status} without payment)`)
      }
    },
  }),
  defineCase({
    ...availability,
    id: 'server.robustness.odd-methods',
    versions: [2],
    title: 'TRACE, TRACK, PROPFIND, SEARCH, LOCK and PURGE on the paid path and on / are answered below 500, unserved',
    run: async (t) => {
      const { origin, path } = originAndPath(t.resourceUrl)
      for (const method of ['TRACE', 'TRACK', 'PROPFIND', 'SEARCH', 'LOCK', 'PURGE'])
        for (const target of [path, '/'])
          await expectAnsweredBelow500(t, `${method} ${target}`, await rawRequest(origin, target, { method }))
    },
  }),
  defineCase({
    ...availability,
    id: 'server.robustness.long-paid-path',
    versions: [2],
    title: 'the paid path spelled 12 KB long (repeated slashes, dot segments, a long query) is answered below 500, unserved',
    run: async (t) => {
      const { origin, path } = originAndPath(t.resourceUrl)
      const spellings = [
        `${parent(path)}${'/'.repeat(12_000)}${last(path)}`,
        `${parent(path)}/${'x/../'.repeat(2_400)}${last(path)}`,
        `${path}?q=${'q'.repeat(12_000)}`,
      ]
      for (const target of spellings) {
        const res = await rawRequest(origin, target)
        await expectAnsweredBelow500(t, `GET ${target.slice(0, 40)}… (${target.length} characters)`, res)
        if (res.status !== 402 && res.status !== 414) t.info(`a ${target.length}-character paid path was answered ${res.status}`)
      }
    },
  }),
  defineCase({
    ...availability,
    id: 'server.robustness.null-members',
    title: 'a payment with any one member set to null (authorization included) is answered below 500',
    run: async (t) => {
      const paid = await t.pay()
      for (const member of memberPaths(paid.payload)) {
        const res = await rawPaymentRequest(t, t.encode(withNull(paid.payload, member)))
        const label = `a payment with /${member.join('/')} null`
        t.check(res.status !== 0, `${label}: no answer (${res.error ?? ''})`)
        t.check(res.status < 500, `${label} was answered ${res.status}`, { status: res.status, body: res.text.slice(0, 300) })
      }
    },
  }),
  defineCase({
    ...availability,
    id: 'server.robustness.deep-nesting',
    title: 'a payment header nesting arrays thousands deep (whole, or inside the payload) is refused with a 4xx',
    run: async (t) => {
      const paid = await t.pay()
      const payload = JSON.stringify(paid.payload)
      // as deep as a 16 KiB header allows (12 KiB of JSON): a recursive decoder overflows its stack
      const nest = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
      const inPayload = payload.replace(/^\{/, `{"nested":${nest(Math.floor((12_200 - payload.length) / 2) - 16)},`)
      for (const [where, json] of [
        ['whole', nest(6_000)],
        ['inside the payload', inPayload],
      ] as const) {
        const before = await snapshotOf(t, paid)
        const res = await rawPaymentRequest(t, b64(json))
        const label = `a payment nested ${json.length >> 1} deep (${where})`
        if (where === 'whole') await expectAnsweredBelow500(t, label, res)
        else await expectSignedPaymentJudgedByLedger(t, label, res, before)
        if (res.status !== 400 && res.status !== 402)
          t.info(`a deeply nested payment was answered ${res.status}; 400 is recommended`)
      }
    },
  }),
]
