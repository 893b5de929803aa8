import { createServer, request as httpRequest } from 'node:http'
import type { ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { beforeAll, describe, expect, test } from 'vitest'
import { privateKeyToAccount } from 'viem/accounts'
import type { Chain } from '../chain/index.js'
import { decodePaymentRequiredHeader, encodeBase64Json, encodePaymentPayloadHeader, fromRequirementsV2 } from '../codecs/index.js'
import { createPayment } from '../evm/index.js'
import { useChainAndFacilitator } from '../../test/support/facilitatorSetup.js'
import { createJsonLogger } from '../loopback/jsonLogger.js'
import { createPaywall } from './createPaywall.js'
import type { PaywallOptions } from './createPaywall.js'
import { createRouteMatcher } from './routeMatcher.js'
import { serveFetch } from './serveFetch.js'

// The reference server under the inputs a fuzzing run found it failing on (issue: reference roles
// under fuzzing): one route matcher, no 5xx for client input, a facilitator's redirects and huge
// answers refused, and logs without signatures. Real chain, real keys, real facilitator.

let chain: Chain
let facilitatorUrl: string
const stops: (() => Promise<void>)[] = []
const content = 'paid-content-robust-91c2'

const env = useChainAndFacilitator(stops)
beforeAll(() => {
  ;({ chain, facilitatorUrl } = env)
})

/** A paywall on `/paid/data` in front of a handler that serves only what the shared matcher matches. */
async function server(options: Partial<PaywallOptions> = {}): Promise<string> {
  const routes = [
    {
      path: '/paid/data',
      price: '10000',
      asset: chain.asset.address,
      assetDomain: { name: chain.asset.name, version: chain.asset.version },
      payTo: chain.payTo,
      networks: chain.network,
    },
  ]
  const paywall = createPaywall({ routes, facilitatorUrl, ...options })
  const paid = createRouteMatcher(routes)
  const handler = async (request: Request) =>
    paid(request.method, request.url) === 'free'
      ? Response.json({ error: 'not found' }, { status: 404 })
      : Response.json({ content })
  const served = await serveFetch((request) => paywall(request, handler))
  stops.push(served.close)
  return served.url
}

async function paymentFor(url: string, i = 0): Promise<{ header: string; signature: string }> {
  const required = decodePaymentRequiredHeader((await fetch(url)).headers.get('payment-required')!)
  const account = privateKeyToAccount(chain.payers[i]!.privateKey)
  const payment = await createPayment({ account, requirements: fromRequirementsV2(required.accepts[0]!, required.resource) })
  return { header: encodePaymentPayloadHeader(payment), signature: (payment.payload as { signature: string }).signature }
}

/** Sends a raw request (TRACE and long targets, which fetch refuses or rewrites); resolves to the status. */
function raw(base: string, target: string, method = 'GET', headers: Record<string, string> = {}): Promise<number> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path: target, headers }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('one route matcher', () => {
  test('siblings of the paid path are not served', async () => {
    const url = await server()
    for (const sibling of ['/paid/datax', '/paid/data.json', '/paid/data;x', '/paid/data%2e', '/paid/data%20', '/paid/data%00']) {
      const res = await fetch(`${url}${sibling}`)
      expect(await res.text(), sibling).not.toContain(content)
      expect(res.status, sibling).toBe(404)
    }
  })
})

describe('no 5xx for client input', () => {
  test('TRACE: 405', async () => {
    const url = await server()
    expect(await raw(url, '/paid/data', 'TRACE')).toBe(405)
    expect(await raw(url, '/', 'TRACE')).toBe(405)
  })
  test('a 12 KB paid path: 414', async () => {
    const url = await server()
    expect(await raw(url, `/paid${'/'.repeat(12_000)}data`)).toBe(414)
  })
  test('v1 payment with authorization null: 402', async () => {
    const url = await server()
    const v1 = { x402Version: 1, scheme: 'exact', network: 'base-sepolia', payload: { signature: '0x', authorization: null } }
    expect(await raw(url, '/paid/data', 'GET', { 'X-PAYMENT': encodeBase64Json(v1) })).toBe(402)
  })
  test('a payment nested 5,000 deep: 400, not a facilitator failure', async () => {
    const url = await server()
    const deep = Buffer.from(`{"x402Version":2,"payload":${'['.repeat(5_000)}${']'.repeat(5_000)}}`).toString('base64')
    expect(await raw(url, '/paid/data', 'GET', { 'PAYMENT-SIGNATURE': deep })).toBe(400)
  })
})

/** A facilitator that answers every call with `answer`. */
async function fakeFacilitator(answer: (res: ServerResponse) => void): Promise<string> {
  const s = createServer((req, res) => req.resume().on('end', () => answer(res)))
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  stops.push(() => new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve()))))
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`
}

describe('facilitator answers', () => {
  test('a redirect is not followed: 502, not served', async () => {
    const liar = await fakeFacilitator((res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"isValid":true}'),
    )
    const redirecting = await fakeFacilitator((res) => res.writeHead(307, { location: `${liar}/verify` }).end())
    const url = await server({ facilitatorUrl: redirecting })
    const res = await fetch(`${url}/paid/data`, {
      headers: { 'PAYMENT-SIGNATURE': (await paymentFor(`${url}/paid/data`)).header },
    })
    expect(res.status).toBe(502)
    expect(await res.text()).toMatch(/redirect/)
  })
  test('an answer over 64 KiB is refused unread: 502', async () => {
    const huge = await fakeFacilitator((res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"isValid":true}${' '.repeat(1 << 20)}`),
    )
    const url = await server({ facilitatorUrl: huge })
    const res = await fetch(`${url}/paid/data`, {
      headers: { 'PAYMENT-SIGNATURE': (await paymentFor(`${url}/paid/data`)).header },
    })
    expect(res.status).toBe(502)
    expect(await res.text()).toMatch(/longer than 65536 bytes/)
  })
})

/** A facilitator that forwards /verify to the real one and answers /settle with `settle` (or never). */
async function settlingWith(settle: ((res: ServerResponse) => void) | 'hang'): Promise<string> {
  const s = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      if (req.url === '/settle') return settle === 'hang' ? undefined : settle(res)
      const r = await fetch(`${facilitatorUrl}/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.concat(chunks),
      })
      res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text())
    })
  })
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  stops.push(() => new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve()))))
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`
}

describe('after a settle was sent: 503, never 402', () => {
  test('a settle without an answer in time', async () => {
    const url = await server({ facilitatorUrl: await settlingWith('hang'), settleTimeoutMs: 500 })
    const started = Date.now()
    const res = await fetch(`${url}/paid/data`, {
      headers: { 'PAYMENT-SIGNATURE': (await paymentFor(`${url}/paid/data`, 2)).header },
    })
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ settlement: 'unknown', error: expect.stringMatching(/do not pay again/) })
  })
  test('a settlement the facilitator reports pending', async () => {
    const pending = { success: false, errorReason: 'settlement_pending', transaction: '', network: 'eip155:84532' }
    const facilitator = await settlingWith((res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(pending)),
    )
    const url = await server({ facilitatorUrl: facilitator })
    const res = await fetch(`${url}/paid/data`, {
      headers: { 'PAYMENT-SIGNATURE': (await paymentFor(`${url}/paid/data`, 3)).header },
    })
    expect(res.status).toBe(503)
    expect(await res.text()).not.toContain(content)
  })
})

describe('logs', () => {
  test('a paid request is logged (request, settlement) without its signature or payment header', async () => {
    const lines: string[] = []
    const url = await server({ log: createJsonLogger('server', (line) => lines.push(line)) })
    const { header, signature } = await paymentFor(`${url}/paid/data`, 1)
    const res = await fetch(`${url}/paid/data`, { headers: { 'PAYMENT-SIGNATURE': header } })
    expect(res.status).toBe(200)
    const events = lines.map((l) => JSON.parse(l) as { event: string; status?: number; transaction?: string })
    expect(events.find((e) => e.event === 'settled')?.transaction).toMatch(/^0x[0-9a-f]{64}$/)
    expect(events.filter((e) => e.event === 'request').map((e) => e.status)).toEqual([402, 200])
    const log = lines.join('\n')
    expect(log).not.toContain(signature.slice(2))
    expect(log).not.toContain(header.slice(0, 40))
  })
})
