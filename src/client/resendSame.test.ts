import type { IncomingMessage, ServerResponse } from 'node:http'
import { privateKeyToAccount } from 'viem/accounts'
import { afterEach, describe, expect, test } from 'vitest'
import { decodeBase64Json, encodeBase64Json } from '../codecs/base64Json.js'
import { verifyPaymentOffline } from '../evm/index.js'
import { listenLoopback } from '../loopback/listenLoopback.js'
import type { Listening } from '../loopback/listenLoopback.js'
import { paymentIdentifierKey } from '../types/extensions.js'
import { parseRetryAfter, resendAfter } from './resendSame.js'
import { wrapFetch } from './wrapFetch.js'

// The paid endpoint is a real node:http server on 127.0.0.1; the client signs with a real key, and each payment
// it receives is verified offline (signature recovered to the payer).

const account = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const offer = {
  scheme: 'exact',
  network: 'eip155:84532',
  amount: '1000',
  asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
  payTo: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  maxTimeoutSeconds: 60,
  extra: { name: 'USDC', version: '2' },
}
const announced = { [paymentIdentifierKey]: { info: { required: true }, schema: { type: 'object' } } }

type Paid = { header: string; payload: Record<string, unknown>; id: unknown; nonce: unknown }
/** How the endpoint answers the n-th paid request (from 0): a status and headers, or 'reset' (the connection is dropped). */
type Answer = { status: number; headers?: Record<string, string> } | 'reset'

let open: Listening | undefined
afterEach(async () => {
  await open?.close()
  open = undefined
})

/** A paid endpoint: 402 with the v2 challenge (announcing payment-identifier) to an unpaid request, `answers[n]` to the n-th paid one (200 after the list). */
async function endpoint(answers: Answer[]) {
  const paid: Paid[] = []
  const times: number[] = []
  open = await listenLoopback((req: IncomingMessage, res: ServerResponse) => {
    const header = req.headers['payment-signature']
    if (typeof header !== 'string') {
      const challenge = { x402Version: 2, resource: { url: `${open!.url}/paid` }, accepts: [offer], extensions: announced }
      res.writeHead(402, { 'payment-required': encodeBase64Json(challenge) }).end('{}')
      return
    }
    const payload = decodeBase64Json(header) as Record<string, unknown>
    const ext = (payload['extensions'] as Record<string, { info?: { id?: unknown } }> | undefined)?.[paymentIdentifierKey]
    const nonce = (payload['payload'] as { authorization?: { nonce?: unknown } }).authorization?.nonce
    paid.push({ header, payload, id: ext?.info?.id, nonce })
    times.push(Date.now())
    const answer = answers[paid.length - 1] ?? { status: 200 }
    if (answer === 'reset') return req.socket.destroy()
    res.writeHead(answer.status, answer.headers).end(answer.status === 200 ? '{"paid":true}' : '{}')
  })
  return { url: `${open.url}/paid`, paid, times }
}

function expectSignedByPayer(p: Paid) {
  const result = verifyPaymentOffline({
    paymentPayload: p.payload,
    paymentRequirements: offer,
    now: Math.floor(Date.now() / 1000),
  })
  expect(result).toMatchObject({ isValid: true, payer: account.address })
}

const pendingReceipt = encodeBase64Json({
  success: false,
  errorReason: 'settlement_pending',
  transaction: `0x${'ab'.repeat(32)}`,
  network: offer.network,
})

describe('sending the same payment again', () => {
  test('a 503 with Retry-After: the same payment and id are sent again after the wait', async () => {
    const e = await endpoint([{ status: 503, headers: { 'retry-after': '1' } }])
    const pay = wrapFetch(fetch, { account })
    const r = await pay(e.url)
    expect(r.status).toBe(200)
    expect(e.paid).toHaveLength(2)
    expect(e.paid[1]!.header).toBe(e.paid[0]!.header)
    expect(e.paid[0]!.id).toMatch(/^[A-Za-z0-9_-]{16,128}$/)
    expectSignedByPayer(e.paid[1]!)
    expect(e.times[1]! - e.times[0]!).toBeGreaterThanOrEqual(900)
    expect(pay.spent()).toBe(1000n)
  })
  test('a connection dropped after the paid request: the same payment is sent again', async () => {
    const e = await endpoint(['reset'])
    const r = await wrapFetch(fetch, { account })(e.url)
    expect(r.status).toBe(200)
    expect(e.paid.map((p) => p.header)).toEqual([e.paid[0]!.header, e.paid[0]!.header])
    expectSignedByPayer(e.paid[0]!)
  })
  test('a 502 whose receipt says settlement_pending: sent again after the default wait', async () => {
    const e = await endpoint([{ status: 502, headers: { 'payment-response': pendingReceipt } }])
    expect((await wrapFetch(fetch, { account })(e.url)).status).toBe(200)
    expect(new Set(e.paid.map((p) => p.header)).size).toBe(1)
    expect(e.paid).toHaveLength(2)
  })
  test('a new logical request gets a new payment and a new id', async () => {
    const e = await endpoint([])
    const pay = wrapFetch(fetch, { account })
    await pay(e.url)
    await pay(e.url)
    expect(e.paid).toHaveLength(2)
    expect(e.paid[1]!.id).not.toBe(e.paid[0]!.id)
    expect(e.paid[1]!.nonce).not.toBe(e.paid[0]!.nonce)
  })
  test.each([
    ['a 500 without a pending receipt', [{ status: 500 }]],
    ['a 503 without Retry-After', [{ status: 503 }]],
    ['a 202 with Retry-After', [{ status: 202, headers: { 'retry-after': '1' } }]],
    ['a Retry-After above the cap', [{ status: 503, headers: { 'retry-after': '60' } }]],
  ] as const)('args: %s is final', async (_what, answers) => {
    const e = await endpoint([...answers])
    const r = await wrapFetch(fetch, { account })(e.url)
    expect(r.status).toBe(answers[0].status)
    expect(e.paid).toHaveLength(1)
  })
  test('args: resend.resends bounds the attempts (0: never, 2: twice)', async () => {
    const busy = { status: 503, headers: { 'retry-after': '0' } }
    const never = await endpoint([busy, busy, busy])
    expect((await wrapFetch(fetch, { account, resend: { resends: 0 } })(never.url)).status).toBe(503)
    expect(never.paid).toHaveLength(1)
    await open?.close()
    const twice = await endpoint([busy, busy, busy])
    expect((await wrapFetch(fetch, { account, resend: { resends: 2 } })(twice.url)).status).toBe(503)
    expect(twice.paid).toHaveLength(3)
    expect(new Set(twice.paid.map((p) => p.header)).size).toBe(1)
  })
  test('a 402 to the payment sent again is returned, not paid again', async () => {
    const e = await endpoint([{ status: 503, headers: { 'retry-after': '0' } }, { status: 402 }])
    const pay = wrapFetch(fetch, { account })
    expect((await pay(e.url)).status).toBe(402)
    expect(e.paid).toHaveLength(2)
    expect(e.paid[1]!.header).toBe(e.paid[0]!.header)
    expect(pay.spent()).toBe(1000n)
  })
  test('an abort during the wait ends the request', async () => {
    const e = await endpoint([{ status: 503, headers: { 'retry-after': '5' } }])
    const started = Date.now()
    await expect(wrapFetch(fetch, { account })(e.url, { signal: AbortSignal.timeout(300) })).rejects.toThrow()
    expect(Date.now() - started).toBeLessThan(3000)
    expect(e.paid).toHaveLength(1)
  })
})

describe('resendAfter', () => {
  const now = 1_800_000_000
  test('Retry-After as seconds or an HTTP-date', () => {
    expect(parseRetryAfter('7', now)).toBe(7)
    expect(parseRetryAfter(new Date((now + 30) * 1000).toUTCString(), now)).toBe(30)
    expect(parseRetryAfter(new Date((now - 30) * 1000).toUTCString(), now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })
  test('only an answer saying the settlement is unknown asks for it', () => {
    const r = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers })
    expect(resendAfter(r(503, { 'retry-after': '2' }), now)).toBe(2)
    expect(resendAfter(r(504, { 'payment-response': pendingReceipt }), now)).toBe(1)
    expect(resendAfter(r(500, { 'payment-response': pendingReceipt, 'retry-after': '3' }), now)).toBe(3)
    expect(resendAfter(r(502, { 'retry-after': '2' }), now)).toBeUndefined()
    expect(resendAfter(r(402, { 'retry-after': '2' }), now)).toBeUndefined()
  })
})
