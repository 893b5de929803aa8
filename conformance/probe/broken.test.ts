import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { encodeBase64Json } from '../../src/codecs/base64Json.js'
import type { CaseResult } from '../runner.js'
import { probeUrls } from './probe.js'

/** A correct v2 challenge on Base Sepolia; each broken server spoils one thing of it. */
const baseSepoliaUsdc = '0x036CbD53842c5426634e7929541eC2318f3dCF7e'
const payTo = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const offer = { scheme: 'exact', network: 'eip155:84532', amount: '10000', asset: baseSepoliaUsdc, payTo, maxTimeoutSeconds: 60 }
const good = { 'cache-control': 'no-store' }

type Reply = { status: number; headers?: Record<string, string>; body?: string }
type Handler = (url: string, req: IncomingMessage) => Reply

/** A 402 with a v2 challenge for the requested URL, with `accepts` and headers as given. */
const challenge =
  (accepts: object[], headers: Record<string, string> = good): Handler =>
  (url, req) =>
    req.method === 'OPTIONS'
      ? { status: 204 }
      : {
          status: 402,
          headers: { ...headers, 'payment-required': encodeBase64Json({ x402Version: 2, resource: { url }, accepts }) },
        }

const servers: Record<string, Handler> = {
  reference: challenge([offer]),
  free: () => ({ status: 200, body: '{"content":"the paid answer"}' }),
  auth: () => ({ status: 401, headers: { 'www-authenticate': 'Bearer' } }),
  short: challenge([{ ...offer, payTo: '0x1234' }]),
  lower: challenge([{ ...offer, payTo: payTo.toLowerCase() }]),
  badChecksum: challenge([{ ...offer, payTo: payTo.replace('C5', 'c5') }]),
  mainnetTestnetUsdc: challenge([{ ...offer, network: 'eip155:8453' }]),
  wrongDomain: challenge([{ ...offer, extra: { name: 'USD Coin', version: '2' } }]),
  tooShort: challenge([{ ...offer, maxTimeoutSeconds: 5 }]),
  decimals: challenge([{ ...offer, amount: '10000000000000000' }]),
  cached: challenge([offer], {}),
  foreign: challenge([offer], { ...good, 'x-payment-amount': '0.01', 'x-payment-address': payTo }),
  cors: challenge([offer], { ...good, 'access-control-allow-origin': '*', 'access-control-expose-headers': 'x-request-id' }),
  malformed: () => ({ status: 402, headers: { ...good, 'payment-required': 'eyJ4NDAyVmVyc2lvbiI6Mn0-_' } }),
  bodyOnly: (url) => ({
    status: 402,
    headers: good,
    body: JSON.stringify({ x402Version: 2, resource: { url }, accepts: [offer] }),
  }),
  caseLeak: (url, req) => (req.url?.startsWith('/PAID') ? { status: 200, body: 'paid' } : challenge([offer])(url, req)),
  headFree: (url, req) => (req.method === 'HEAD' ? { status: 200 } : challenge([offer])(url, req)),
}

const urls: Record<string, string> = {}
const closers: (() => void)[] = []

beforeAll(async () => {
  for (const [name, handler] of Object.entries(servers)) {
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const reply = handler(`http://${req.headers.host}${req.url}`, req)
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
      res.end(reply.body ?? '{}')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    urls[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/paid/data`
    closers.push(() => server.close())
  }
})
afterAll(() => {
  for (const close of closers) close()
})

/** The results that did not pass, as `id level harm status`, and their messages. */
async function findings(name: string, strict = true): Promise<{ found: string[]; messages: string }> {
  const { results } = await probeUrls([urls[name]!], { strict, timeoutMs: 5_000 })
  const bad = results.filter((r: CaseResult) => r.status === 'fail' || r.status === 'warn')
  return { found: bad.map((r) => `${r.id} ${r.level} ${r.harm} ${r.status}`), messages: bad.map((r) => r.message).join('\n') }
}

describe('broken servers', () => {
  test('default: the correct challenge of the test servers has no finding', async () => {
    expect((await findings('reference')).found).toEqual([])
  })

  test('a paid URL answered 200 is access and interop', async () => {
    const { found, messages } = await findings('free')
    expect(found).toEqual([
      'server.probe.status.not-served MUST access fail',
      'server.probe.status.challenge-402 MUST interop fail',
    ])
    expect(messages).toContain('answered 200 without payment')
  })

  test('401 instead of 402 is interop', async () => {
    const { found, messages } = await findings('auth')
    expect(found).toEqual(['server.probe.status.challenge-402 MUST interop fail'])
    expect(messages).toContain('an authentication wall hides the paywall')
  })

  test('payTo "0x1234" fails the v2 challenge schema', async () => {
    const { found, messages } = await findings('short')
    expect(found).toEqual(['server.probe.challenge.v2-header MUST interop fail'])
    expect(messages).toContain('/accepts/0/payTo must be an EVM address')
  })

  test('a lower-case payTo is hygiene; a wrong checksum is interop', async () => {
    expect((await findings('lower')).found).toEqual(['server.probe.offer.checksummed SHOULD hygiene fail'])
    expect((await findings('lower', false)).found).toEqual(['server.probe.offer.checksummed SHOULD hygiene warn'])
    const { found, messages } = await findings('badChecksum')
    expect(found).toEqual(['server.probe.offer.checksum-valid MUST interop fail'])
    expect(messages).toContain(`expected ${payTo}`)
  })

  test('a mainnet network with the testnet USDC is flagged', async () => {
    const { found, messages } = await findings('mainnetTestnetUsdc')
    expect(found).toEqual([
      'server.probe.offer.asset-of-network MUST interop fail',
      'server.probe.offer.eip712-domain MUST interop fail',
    ])
    expect(messages).toContain('is the USDC of Base Sepolia, not of Base (a testnet asset on a mainnet network)')
  })

  test("extra.name that is not the token's is interop", async () => {
    const { found, messages } = await findings('wrongDomain')
    expect(found).toEqual(['server.probe.offer.eip712-domain MUST interop fail'])
    expect(messages).toContain('extra.name "USD Coin" ≠ the token\'s "USDC"')
  })

  test('maxTimeoutSeconds below 10 is interop; an implausible amount is hygiene', async () => {
    expect((await findings('tooShort')).found).toEqual(['server.probe.offer.timeout-settleable MUST interop fail'])
    const { found, messages } = await findings('decimals')
    expect(found).toEqual(['server.probe.offer.amount SHOULD hygiene fail'])
    expect(messages).toContain('is 10000000000 USDC')
  })

  test('no Cache-Control: no-store, headers x402 does not define, and unexposed CORS headers are hygiene', async () => {
    expect((await findings('cached')).found).toEqual(['server.probe.headers.no-store SHOULD hygiene fail'])
    const foreign = await findings('foreign')
    expect(foreign.found).toEqual(['server.probe.headers.not-x402 SHOULD hygiene fail'])
    expect(foreign.messages).toContain('x-payment-amount: 0.01; x-payment-address')
    const cors = await findings('cors')
    expect(cors.found).toEqual(['server.probe.headers.cors-expose SHOULD hygiene fail'])
    expect(cors.messages).toContain('Access-Control-Expose-Headers lacks payment-required, payment-response')
  })

  test('a malformed PAYMENT-REQUIRED, or a v2 challenge in the body only, is interop', async () => {
    const malformed = await findings('malformed')
    expect(malformed.found).toEqual(['server.probe.challenge.v2-header MUST interop fail'])
    expect(malformed.messages).toContain('base64url')
    const body = await findings('bodyOnly')
    expect(body.found).toEqual(['server.probe.challenge.v2-header MUST interop fail'])
    expect(body.messages).toContain('v2 clients read the header')
  })

  test('an upper-case spelling or HEAD answered 200 is access', async () => {
    expect((await findings('caseLeak')).found).toEqual(['server.probe.variants.letter-case MUST access fail'])
    expect((await findings('headFree')).found).toEqual(['server.probe.variants.head MUST access fail'])
  })
})
