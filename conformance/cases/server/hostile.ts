import { defineCase } from '../../case.js'
import type { HostileMode, Paid, TestContext } from '../../context/types.js'
import { decodeLenient } from '../../context/http.js'
import type { Exchange } from '../../context/http.js'
import { expectNoPaidContent, isServed, originAndPath, paymentHeader, rawRequest, receiptOf } from './helpers-server.js'

/**
 * With the facilitator misbehaving, a payment is never served: 502/503 with an `error` (402 tolerated,
 * noted), no receipt claiming success, no paid content, and nothing charged.
 */
const failClosed = (name: string, mode: HostileMode, title: string, make: (t: TestContext) => Promise<Paid> = (t) => t.pay(), slow = false) =>
  defineCase({
    id: `server.hostile.${name}`,
    clause: 'http.server.fail-closed',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title,
    timeoutMs: slow ? 90_000 : 60_000,
    run: async (t: TestContext) => {
      t.hostile(mode)
      const paid = await make(t)
      const before = await t.ledger.snapshot(paid)
      const res = slow ? await patientFetch(t, paid) : await t.fetchPaid(paid)
      const evidence = { status: res.status, body: res.body, error: res.error }
      t.check(res.status !== 0, `no answer: ${res.error ?? ''}`, evidence)
      t.check(!isServed(res.status), `paid content was served (${res.status}) while the facilitator was ${JSON.stringify(mode)}`, evidence)
      expectNoPaidContent(t, res.text, `answer ${res.status}`)
      t.check(res.status === 502 || res.status === 503 || res.status === 402, `expected 502/503 (or 402), got ${res.status}`, evidence)
      if (res.status === 402) t.info(`a ${JSON.stringify(mode)} facilitator was answered 402; the clause asks 502 or 503`)
      else {
        const error = (res.body as { error?: unknown } | undefined)?.error
        t.check(typeof error === 'string' && error !== '', `the ${res.status} answer carries no error`, evidence)
      }
      t.check(receiptOf(t.version, res)?.['success'] !== true, 'the refusal carries a receipt claiming success', { headers: res.headers })
      await t.ledger.expectUntouched(before)
    },
  })

/**
 * The paid request with a 75 s limit instead of the harness's 20 s (a server may wait for its
 * facilitator's settlement longer than the harness waits for the server); raw, so not in the transcript.
 */
async function patientFetch(t: TestContext, paid: Paid): Promise<Exchange> {
  const { origin, path } = originAndPath(t.resourceUrl)
  const raw = await rawRequest(origin, path, { headers: { [paymentHeader(t.version)]: t.encode(paid.payload) }, timeoutMs: 75_000 })
  let body: unknown = raw.text
  try {
    body = JSON.parse(raw.text) as unknown
  } catch {
    // not JSON: keep the text
  }
  const decoded: Record<string, unknown> = {}
  for (const h of ['payment-response', 'x-payment-response']) if (raw.headers[h] !== undefined) decoded[h] = decodeLenient(raw.headers[h]!)
  const request = { method: 'GET', url: t.resourceUrl, headers: {}, body: undefined, decoded: {} }
  return { request, status: raw.status, headers: raw.headers, body, text: raw.text, decoded, ms: 0, ...(raw.error ? { error: raw.error } : {}) }
}

/** A payment the real facilitator would refuse (signed by another key). */
const forged = async (t: TestContext) => t.pay({ signWith: await t.payer(0n) })

export const cases = [
  failClosed('verify-down', { verify: 'down' }, 'a facilitator that drops the verify connection: nothing is served or charged'),
  failClosed('verify-slow', { verify: 'slow' }, 'a facilitator that never answers verify: the server gives up, nothing is served or charged', (t) => t.pay(), true),
  failClosed('verify-garbage', { verify: 'garbage' }, 'a facilitator answering verify with HTML: nothing is served or charged'),
  failClosed('verify-error-500', { verify: 'error-500' }, 'a facilitator answering verify with 500: nothing is served or charged'),
  failClosed('settle-down', { settle: 'down' }, 'a facilitator that drops the settle connection after a valid verify: the handler body is discarded, nothing charged'),
  failClosed('settle-slow', { settle: 'slow' }, 'a facilitator that never answers settle: the server gives up, discards the body, nothing charged', (t) => t.pay(), true),
  failClosed('settle-garbage', { settle: 'garbage' }, 'a facilitator answering settle with HTML: the handler body is discarded, nothing charged'),
  failClosed('settle-error-500', { settle: 'error-500' }, 'a facilitator answering settle with 500: the handler body is discarded, nothing charged'),
  failClosed('settle-success-without-transaction', { settle: 'success-without-transaction' }, 'a facilitator claiming settlement without a transaction: nothing is served'),
  failClosed('lie-valid-forged', { verify: 'lie-valid' }, 'a facilitator calling a forged payment valid: its settlement fails, nothing is served or charged', forged),
  failClosed('lie-valid-expired', { verify: 'lie-valid' }, 'a facilitator calling an expired payment valid: its settlement fails, nothing is served or charged', (t) =>
    t.pay({ authorization: { validAfter: BigInt(t.now() - 600), validBefore: BigInt(t.now() - 300) } }),
  ),
  failClosed('lie-valid-claims-success', { verify: 'lie-valid', settle: 'success-without-transaction' }, 'a facilitator vouching for a forged payment and claiming its settlement without a transaction: nothing is served', forged),
]
