import { request as httpRequest } from 'node:http'
import type { Snapshot } from '../../context/ledger.js'
import type { Exchange } from '../../context/http.js'
import type { TestContext, Wire } from '../../context/types.js'
import { paidContentMarker } from '../../targets/embedded.js'

/** Helpers shared by the resource-server cases (the harness plays the client). */

/** True for a 2xx status: the server served the resource. */
export const isServed = (status: number) => status >= 200 && status < 300

/** The receipt header of a version, lower-case as `Exchange.headers` keys are. */
export const receiptHeader = (v: 1 | 2) => (v === 1 ? 'x-payment-response' : 'payment-response')

/** The payment header of a version. */
export const paymentHeader = (v: 1 | 2) => (v === 1 ? 'X-PAYMENT' : 'PAYMENT-SIGNATURE')

/** The decoded receipt of the version's header, if any. */
export function receiptOf(v: 1 | 2, res: Exchange): Wire | undefined {
  const r = res.decoded[receiptHeader(v)]
  return typeof r === 'object' && r !== null ? (r as Wire) : undefined
}

/** The challenge of a 402 in a version's form: v1 JSON body, v2 decoded `PAYMENT-REQUIRED`. */
export function challengeOf(v: 1 | 2, res: Exchange): Wire | undefined {
  const c = v === 1 ? res.body : res.decoded['payment-required']
  return typeof c === 'object' && c !== null && !Array.isArray(c) ? (c as Wire) : undefined
}

/** The `accepts` list of the version's challenge (empty when absent). */
export function acceptsOf(v: 1 | 2, res: Exchange): Wire[] {
  const a = challengeOf(v, res)?.['accepts']
  return Array.isArray(a) ? (a as Wire[]) : []
}

/** The price of the server's offer for this version, in atomic units (skips when it is not a plain integer). */
export function priceOf(t: TestContext): bigint {
  const r = t.requirements()
  const amount = String(r['amount'] ?? r['maxAmountRequired'] ?? '')
  return /^[0-9]+$/.test(amount) ? BigInt(amount) : t.skip(`the offer's amount ${JSON.stringify(amount)} is not an integer`)
}

/** A smaller positive amount than the price (half of it); skips when the price is below 2. */
export function lessThanPrice(t: TestContext): bigint {
  const price = priceOf(t)
  return price >= 2n ? price / 2n : t.skip(`the price ${price} has no smaller positive amount`)
}

/** Fails when a response leaks the embedded server's paid content marker (any server: a cheap extra check). */
export function expectNoPaidContent(t: TestContext, text: string, what: string): void {
  t.check(!text.includes(paidContentMarker), `${what}: the body carries the paid content`, { body: text.slice(0, 500) })
}

/** Options of {@link expectRefused}. */
export type RefusedOptions = {
  /** The header was malformed: 400 is recommended, 402 tolerated (noted). Default: 402 is required. */
  malformed?: boolean
  /** Other statuses that are acceptable (e.g. 404/405 for a method the route does not cover). */
  alsoAccept?: readonly number[]
}

/**
 * The MUST part of a refusal: an answer came, not 2xx (access), not 5xx (availability), without the
 * embedded server's paid marker.
 */
export function expectNotServed(t: TestContext, res: Exchange): void {
  const evidence = { status: res.status, body: res.body, error: res.error }
  t.check(res.status !== 0, `no answer: ${res.error ?? 'connection failed'}`, evidence)
  t.check(!isServed(res.status), `the resource was served (${res.status}) where a refusal was due`, evidence)
  t.check(res.status < 500, `client input was answered ${res.status} (a 5xx for client input is never right)`, evidence)
  expectNoPaidContent(t, res.text, `answer ${res.status}`)
}

/**
 * The server refused: no 2xx, no 5xx, no paid content, the expected status (DESIGN §7), and, with a
 * snapshot, nothing moved on chain.
 */
export async function expectRefused(
  t: TestContext,
  res: Exchange,
  before?: Snapshot,
  options: RefusedOptions = {},
): Promise<void> {
  expectNotServed(t, res)
  const allowed = [...(options.malformed ? [400, 402] : [402]), ...(options.alsoAccept ?? [])]
  t.check(allowed.includes(res.status), `expected ${allowed.join(' or ')}, got ${res.status}`, {
    status: res.status,
    body: res.body,
  })
  if (options.malformed && res.status === 402)
    t.info('a malformed payment header was answered 402; 400 is recommended (http.server.malformed-payment)')
  if (before) await t.ledger.expectUntouched(before)
}

/**
 * A refusal judged by its consequence only: not served, no 5xx, and (with a snapshot) nothing charged.
 * Any 4xx passes; a status other than the one recommended is noted.
 */
export async function expectRefusedByLedger(
  t: TestContext,
  res: Exchange,
  before?: Snapshot,
  recommended: readonly number[] = [402],
): Promise<void> {
  expectNotServed(t, res)
  if (!recommended.includes(res.status)) t.info(`refused with ${res.status}; ${recommended.join(' or ')} is recommended`)
  if (before) await t.ledger.expectUntouched(before)
}

/** When observable, the server did not ask the facilitator about this case's payments. */
export function expectNoFacilitatorCall(t: TestContext, why: string): void {
  if (!t.target.hostile) return
  const calls = t.facilitatorCalls()
  t.check(
    calls.verify === 0 && calls.settle === 0,
    `the server asked the facilitator (${calls.verify} verify, ${calls.settle} settle) about ${why}`,
  )
}

/** The served answer carries a successful receipt; returns it. */
export function expectServedWithReceipt(t: TestContext, res: Exchange): Wire {
  t.check(isServed(res.status), `expected 2xx for a correct payment, got ${res.status}`, { status: res.status, body: res.body })
  const receipt = receiptOf(t.version, res)
  t.check(receipt?.['success'] === true, `the ${receiptHeader(t.version)} header does not carry a successful settlement`, {
    headers: res.headers,
  })
  return receipt!
}

/**
 * JSON text of `value` with `pad` spaces after the opening brace: the same JSON value, other bytes
 * (and so another base64 text). Used to find an encoding with a wanted property.
 */
export function paddedJson(value: unknown, pad: number): string {
  const text = JSON.stringify(value)
  return `${text.slice(0, 1)}${' '.repeat(pad)}${text.slice(1)}`
}

/** Standard base64 of UTF-8 text. */
export const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')

/** The first padded JSON of `value` (0–63 spaces) whose base64 satisfies `want`; throws if none. */
export function encodingWhere(value: unknown, want: (base64: string) => boolean): { json: string; base64: string } {
  for (let pad = 0; pad < 64; pad++) {
    const json = paddedJson(value, pad)
    const base64 = b64(json)
    if (want(base64)) return { json, base64 }
  }
  throw new Error('no whitespace variant of the payment has the wanted encoding')
}

/** Response headers `rawRequest` reads: a server's large but valid challenge header is an answer, not an overflow. */
export const rawMaxHeaderBytes = 256 * 1024

/** One raw HTTP/1.1 exchange (exact request target, no URL normalisation). */
export type RawExchange = { status: number; headers: Record<string, string>; text: string; error?: string }

/**
 * Sends a request with a raw request target (`/paid/./data`, `/paid\data`, an absolute form), which
 * fetch would normalise before sending. Never throws; bounded by `timeoutMs`.
 */
export function rawRequest(
  base: string,
  target: string,
  options: { method?: string; headers?: Record<string, string | string[]>; timeoutMs?: number } = {},
): Promise<RawExchange> {
  const url = new URL(base)
  return new Promise((resolve) => {
    let settled = false
    const done = (r: RawExchange) => {
      if (!settled) {
        settled = true
        resolve(r)
      }
    }
    try {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method: options.method ?? 'GET',
          path: target,
          headers: options.headers ?? {},
          timeout: options.timeoutMs ?? 10_000,
          // the harness's own limit, not node's 16 KiB: a 402 may echo a long URL in its challenge header
          maxHeaderSize: rawMaxHeaderBytes,
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            const headers: Record<string, string> = {}
            for (const [k, v] of Object.entries(res.headers))
              if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v
            done({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') })
          })
          res.on('error', (e) => done({ status: 0, headers: {}, text: '', error: e.message }))
        },
      )
      req.on('timeout', () => req.destroy(new Error('timeout')))
      req.on('error', (e) => done({ status: 0, headers: {}, text: '', error: e.message }))
      req.end()
    } catch (error) {
      done({ status: 0, headers: {}, text: '', error: (error as Error).message })
    }
  })
}

/** The origin and path of the resource URL (for raw requests). */
export function originAndPath(resourceUrl: string): { origin: string; path: string } {
  const u = new URL(resourceUrl)
  return { origin: u.origin, path: u.pathname }
}

/** The paid resource requested raw with `value` in the payment header of the run's version (or in header `name`). */
export function rawPaymentRequest(
  t: TestContext,
  value: string | string[],
  name = paymentHeader(t.version),
): Promise<RawExchange> {
  const { origin, path } = originAndPath(t.resourceUrl)
  return rawRequest(origin, path, { headers: { [name]: value } })
}
