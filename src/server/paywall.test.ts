import { createServer } from 'node:http'
import type { RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { beforeAll, describe, expect, test } from 'vitest'
import { erc20Abi } from 'viem'
import type { Address } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { Chain } from '../chain/index.js'
import {
  decodePaymentRequiredHeader,
  decodePaymentResponseHeader,
  encodeBase64Json,
  encodePaymentPayloadHeader,
  fromRequirementsV1,
  fromRequirementsV2,
} from '../codecs/index.js'
import { createPayment } from '../evm/index.js'
import { useChainAndFacilitator } from '../../test/support/facilitatorSetup.js'
import type { PaymentRequiredV1 } from '../types/v1.js'
import { createPaywall } from './createPaywall.js'
import type { PaywallOptions } from './createPaywall.js'
import { toNodeHandler } from './toNodeHandler.js'

const marker = 'paid-content-7f3a'
let chain: Chain
const stops: (() => Promise<void>)[] = []
let facilitatorUrl: string

async function listen(handler: RequestListener): Promise<string> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  stops.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** A resource server in front of `facilitator`: /paid/* costs 10000, /paid/fail answers 500. */
async function paidServer(options: Partial<PaywallOptions> = {}, facilitator = facilitatorUrl): Promise<string> {
  const paywall = createPaywall({
    routes: [
      {
        path: '/paid/*',
        price: '10000',
        asset: chain.asset.address,
        assetDomain: { name: chain.asset.name, version: chain.asset.version },
        payTo: chain.payTo,
        networks: chain.network,
      },
    ],
    facilitatorUrl: facilitator,
    verifyTimeoutMs: 500,
    settleTimeoutMs: 20_000,
    ...options,
  })
  return listen(
    toNodeHandler((request) =>
      paywall(request, async (r) => {
        if (new URL(r.url).pathname.includes('fail')) return Response.json({ error: marker }, { status: 500 })
        return Response.json({ content: marker })
      }),
    ),
  )
}

const env = useChainAndFacilitator(stops)
beforeAll(() => {
  ;({ chain, facilitatorUrl } = env)
})

const balance = (who: Address) =>
  chain.publicClient.readContract({ address: chain.asset.address, abi: erc20Abi, functionName: 'balanceOf', args: [who] })
const account = (i: number) => privateKeyToAccount(chain.payers[i]!.privateKey)

/** Gets the challenge of `url` and builds a signed payment header for it. */
async function pay(url: string, version: 1 | 2, i = 0, payFor = url) {
  const challenge = await fetch(payFor)
  if (version === 2) {
    const required = decodePaymentRequiredHeader(challenge.headers.get('payment-required')!)
    const payment = await createPayment({
      account: account(i),
      requirements: fromRequirementsV2(required.accepts[0]!, required.resource),
    })
    return { 'PAYMENT-SIGNATURE': encodePaymentPayloadHeader(payment) }
  }
  const body = (await challenge.json()) as PaymentRequiredV1
  const payment = await createPayment({ account: account(i), requirements: fromRequirementsV1(body.accepts[0]!) })
  return { 'X-PAYMENT': encodePaymentPayloadHeader(payment) }
}

describe('challenge', () => {
  test('no payment: 402 with the v2 header, the v1 body, no-store and exposed headers', async () => {
    const url = await paidServer()
    const r = await fetch(`${url}/paid/data`)
    expect(r.status).toBe(402)
    expect(r.headers.get('cache-control')).toBe('no-store')
    expect(r.headers.get('access-control-expose-headers')).toMatch(/PAYMENT-REQUIRED/)
    const v2 = decodePaymentRequiredHeader(r.headers.get('payment-required')!)
    expect(v2).toMatchObject({
      x402Version: 2,
      resource: { url: `${url}/paid/data` },
      accepts: [{ scheme: 'exact', network: chain.network, amount: '10000', payTo: chain.payTo }],
    })
    const v1 = (await r.json()) as PaymentRequiredV1
    if (chain.networkV1)
      expect(v1).toMatchObject({
        x402Version: 1,
        accepts: [{ network: chain.networkV1, maxAmountRequired: '10000', resource: `${url}/paid/data` }],
      })
  })
  test.each([['/PAID/data'], ['/paid/data/'], ['/%70aid/data'], ['//paid//data'], ['/x/../paid/data'], ['/paid']])(
    'path variant %s is protected',
    async (path) => {
      const url = await paidServer()
      const r = await fetch(`${url}${path}`)
      expect(r.status).toBe(402)
      expect(await r.text()).not.toContain(marker)
    },
  )
  test('HEAD is protected', async () => {
    const url = await paidServer()
    expect((await fetch(`${url}/paid/data`, { method: 'HEAD' })).status).toBe(402)
  })
  test('a free path passes through', async () => {
    const url = await paidServer()
    expect((await fetch(`${url}/free`)).status).toBe(200)
  })
})

describe('payment header', () => {
  test('malformed header: 400 with the problem', async () => {
    const url = await paidServer()
    const r = await fetch(`${url}/paid/data`, { headers: { 'PAYMENT-SIGNATURE': 'not base64!' } })
    expect(r.status).toBe(400)
    expect(await r.json()).toMatchObject({ code: 'base64', error: expect.stringMatching(/base64/) })
  })
  test('both headers: 400', async () => {
    const url = await paidServer()
    const r = await fetch(`${url}/paid/data`, { headers: { 'PAYMENT-SIGNATURE': 'e30=', 'X-PAYMENT': 'e30=' } })
    expect(r.status).toBe(400)
  })
  test('a payment for another resource is refused without settlement', async () => {
    const url = await paidServer()
    const before = await balance(chain.payers[0]!.address)
    const header = await pay(`${url}/paid/data`, 2, 0, `${url}/paid/other`)
    const r = await fetch(`${url}/paid/data`, { headers: header })
    expect(r.status).toBe(402)
    expect(decodePaymentRequiredHeader(r.headers.get('payment-required')!).error).toMatch(/not for/)
    expect(await balance(chain.payers[0]!.address)).toBe(before)
  })
  test('a payment that does not match an offer is refused', async () => {
    const url = await paidServer()
    const cheap = await paidServer({
      routes: [
        {
          path: '/paid/*',
          price: '1',
          asset: chain.asset.address,
          assetDomain: { name: chain.asset.name, version: chain.asset.version },
          payTo: chain.payTo,
          networks: chain.network,
        },
      ],
      resourceUrl: () => `${url}/paid/data`,
    })
    const header = await pay(`${cheap}/paid/data`, 2)
    const r = await fetch(`${url}/paid/data`, { headers: header })
    expect(r.status).toBe(402)
    expect(await r.text()).not.toContain(marker)
  })
})

describe('settlement', () => {
  test.each([[2], [1]] as const)('v%i: a valid payment is served with the receipt, exactly once', async (version) => {
    if (version === 1 && !chain.networkV1) return
    const url = await paidServer()
    const [p0, t0] = [await balance(chain.payers[1]!.address), await balance(chain.payTo)]
    const header = await pay(`${url}/paid/data`, version, 1)
    const r = await fetch(`${url}/paid/data`, { headers: header })
    expect(r.status).toBe(200)
    expect(await r.text()).toContain(marker)
    expect(r.headers.get('cache-control')).toBe('private, no-store')
    const receipt = decodePaymentResponseHeader(
      r.headers.get(version === 2 ? 'payment-response' : 'x-payment-response')!,
      version,
    )
    expect(receipt).toMatchObject({ success: true, payer: chain.payers[1]!.address })
    expect(await balance(chain.payers[1]!.address)).toBe(p0 - 10000n)
    expect(await balance(chain.payTo)).toBe(t0 + 10000n)
    const replay = await fetch(`${url}/paid/data`, { headers: header })
    expect(replay.status).toBe(402)
    expect(await replay.text()).not.toContain(marker)
  })
  test('one payment sent twice at once is served once', async () => {
    const url = await paidServer()
    const header = await pay(`${url}/paid/data`, 2, 0)
    const answers = await Promise.all([
      fetch(`${url}/paid/data`, { headers: header }),
      fetch(`${url}/paid/data`, { headers: header }),
    ])
    expect(answers.map((r) => r.status).sort()).toEqual([200, 402])
  })
  test('the handler failed: its status, nothing settled', async () => {
    const url = await paidServer()
    const before = await balance(chain.payers[2]!.address)
    const r = await fetch(`${url}/paid/fail`, { headers: await pay(`${url}/paid/fail`, 2, 2) })
    expect(r.status).toBe(500)
    expect(r.headers.get('payment-response')).toBeNull()
    expect(await balance(chain.payers[2]!.address)).toBe(before)
  })
})

describe('fail closed', () => {
  /** A facilitator that verifies everything (through the real one) and answers /settle with `settle`. */
  async function fakeFacilitator(settle: RequestListener | 'hang'): Promise<string> {
    return listen((req, res) => {
      if (req.url === '/verify') {
        const chunks: Buffer[] = []
        req.on('data', (c: Buffer) => chunks.push(c))
        req.on('end', () => {
          void fetch(`${facilitatorUrl}/verify`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: Buffer.concat(chunks),
          }).then(async (r) => {
            res.writeHead(r.status, { 'content-type': 'application/json' })
            res.end(await r.text())
          })
        })
        return
      }
      if (settle !== 'hang') settle(req, res)
    })
  }
  const reply =
    (status: number, body: string): RequestListener =>
    (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(body)
    }
  test.each([
    ['garbage', reply(200, '<html>'), 502],
    ['success without a transaction', reply(200, JSON.stringify({ success: true, transaction: '', network: 'eip155:1' })), 502],
    ['a 500', reply(500, JSON.stringify({ success: false })), 502],
    ['no answer in time', 'hang' as const, 503],
  ])('settle answered with %s: %s, never the content', async (_, settle, status) => {
    const fake = await fakeFacilitator(settle)
    const url = await paidServer({ settleTimeoutMs: 500 }, fake)
    const r = await fetch(`${url}/paid/data`, { headers: await pay(`${url}/paid/data`, 2, 3) })
    expect(r.status).toBe(status)
    const text = await r.text()
    expect(text).not.toContain(marker)
    expect(JSON.parse(text)).toMatchObject({ error: expect.any(String) })
  })
  test('settlement failure: 402 with the failed receipt, the body discarded', async () => {
    const failure = { success: false, errorReason: 'insufficient_funds', transaction: '', network: chain.network }
    const url = await paidServer({}, await fakeFacilitator(reply(200, JSON.stringify(failure))))
    const r = await fetch(`${url}/paid/data`, { headers: await pay(`${url}/paid/data`, 2, 3) })
    expect(r.status).toBe(402)
    expect(await r.text()).not.toContain(marker)
    expect(decodePaymentResponseHeader(r.headers.get('payment-response')!, 2)).toMatchObject(failure)
  })
  test('unreachable facilitator: 503', async () => {
    const dead = await listen(() => {})
    await stops.pop()!()
    const url = await paidServer({}, dead)
    const r = await fetch(`${url}/paid/data`, {
      headers: { 'PAYMENT-SIGNATURE': (await pay(`${url}/paid/data`, 2, 3))['PAYMENT-SIGNATURE']! },
    })
    expect(r.status).toBe(503)
    expect(await r.text()).not.toContain(marker)
  })
  test('verify answered with garbage: 502', async () => {
    const url = await paidServer({}, await listen(reply(200, encodeBase64Json({ isValid: true }))))
    const r = await fetch(`${url}/paid/data`, { headers: await pay(`${url}/paid/data`, 2, 3) })
    expect(r.status).toBe(502)
  })
})
