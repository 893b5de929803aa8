import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { erc20Abi } from 'viem'
import type { Address } from 'viem'
import { privateKeyToAccount, generatePrivateKey } from 'viem/accounts'
import { mine, setAutomine, startChain } from '../chain/index.js'
import type { Chain } from '../chain/index.js'
import {
  decodePaymentRequiredHeader,
  decodePaymentResponseHeader,
  encodePaymentPayloadHeader,
  fromRequirementsV2,
} from '../codecs/index.js'
import { createPayment } from '../evm/index.js'
import { startFacilitator } from '../facilitator/createFacilitator.js'
import { createPaywall } from './createPaywall.js'
import type { PaywallOptions } from './createPaywall.js'
import { createFilePendingStore } from './filePendingStore.js'
import type { PaymentFlow } from './routes.js'
import { toNodeHandler } from './toNodeHandler.js'

const marker = 'flows-paid-content'
let chain: Chain
let facilitatorUrl: string
const stops: (() => Promise<void>)[] = []
const dir = mkdtempSync(join(tmpdir(), 'x402-pending-'))
let handled = 0

beforeAll(async () => {
  chain = await startChain({ quiet: true })
  // a short receipt wait, so a held block makes settlement_pending within a second
  const f = await startFacilitator({
    rpcUrl: chain.rpcUrl,
    privateKey: chain.facilitator.privateKey,
    chainId: chain.chainId,
    receiptTimeoutMs: 1_000,
  })
  stops.push(() => f.close())
  facilitatorUrl = f.url
}, 60_000)
afterAll(async () => {
  for (const stop of stops.reverse()) await stop()
  await chain?.stop()
  rmSync(dir, { recursive: true, force: true })
})

/** A server with one route of `flow` at /paid/* (/paid/fail answers 500). */
async function server(flow: PaymentFlow, options: Partial<PaywallOptions> = {}): Promise<string> {
  const { address: asset, name, version } = chain.asset
  const route = { path: '/paid/*', paymentFlow: flow, price: '10000', payTo: chain.payTo, networks: chain.network }
  const priced = { ...route, asset, assetDomain: { name, version } }
  const paywall = createPaywall({
    routes: [priced],
    facilitatorUrl,
    settleTimeoutMs: 10_000,
    pendingRetryDelayMs: 100,
    ...options,
  })
  const s = createServer(
    toNodeHandler((request) =>
      paywall(request, async (r) => {
        handled++
        if (new URL(r.url).pathname.includes('fail')) return Response.json({ error: 'failed' }, { status: 500 })
        return Response.json({ content: marker })
      }),
    ),
  )
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  stops.push(() => new Promise<void>((resolve) => s.close(() => resolve())))
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`
}

const balance = (who: Address) =>
  chain.publicClient.readContract({ address: chain.asset.address, abi: erc20Abi, functionName: 'balanceOf', args: [who] })

async function pay(url: string, key = chain.payers[0]!.privateKey) {
  const required = decodePaymentRequiredHeader((await fetch(url)).headers.get('payment-required')!)
  const payment = await createPayment({
    account: privateKeyToAccount(key),
    requirements: fromRequirementsV2(required.accepts[0]!, required.resource),
  })
  return { offer: required.accepts[0]!, headers: { 'PAYMENT-SIGNATURE': encodePaymentPayloadHeader(payment) } }
}

describe('upfront', () => {
  test('the offer announces extra.paymentFlow; authorization is not announced', async () => {
    expect((await pay(`${await server('upfront')}/paid/data`)).offer.extra).toMatchObject({ paymentFlow: 'upfront' })
    expect((await pay(`${await server('authorization')}/paid/data`)).offer.extra?.['paymentFlow']).toBeUndefined()
  })
  test('a handler failure after settlement is charged once and answered with its status and the receipt', async () => {
    const url = `${await server('upfront')}/paid/fail`
    const { headers } = await pay(url)
    const before = await balance(chain.payTo)
    const r = await fetch(url, { headers })
    expect(r.status).toBe(500)
    expect(decodePaymentResponseHeader(r.headers.get('payment-response')!)).toMatchObject({ success: true })
    expect(r.headers.get('cache-control')).toMatch(/private/)
    expect((await balance(chain.payTo)) - before).toBe(10000n)
  })
  test('a settlement that fails runs no handler: 402, nothing charged', async () => {
    const url = `${await server('upfront')}/paid/data`
    const { headers } = await pay(url, generatePrivateKey()) // an unfunded payer
    const ran = handled
    const r = await fetch(url, { headers })
    expect(r.status).toBe(402)
    expect(await r.text()).not.toContain(marker)
    expect(handled).toBe(ran)
  })
})

describe('settlement_pending', () => {
  test('confirmed during the single retry: served once, charged once', async () => {
    const url = `${await server('authorization')}/paid/data`
    const { headers } = await pay(url)
    const before = await balance(chain.payTo)
    await setAutomine(chain.testClient, false)
    const answer = fetch(url, { headers })
    await new Promise((resolve) => setTimeout(resolve, 1_500)) // past the first wait, inside the retry's
    await mine(chain.testClient)
    await setAutomine(chain.testClient, true)
    const r = await answer
    expect(r.status).toBe(200)
    expect(await r.text()).toContain(marker)
    expect((await balance(chain.payTo)) - before).toBe(10000n)
  })
  test('still pending after the retry: 503 with Retry-After, never 402; after a restart the same payment is served, charged once', async () => {
    const path = join(dir, 'pending.json')
    const resourceUrl = () => 'http://shop.example/paid/data' // the restarted server is the same resource on another port
    const first = await server('upfront', { pendingStore: createFilePendingStore(path), retryAfterSeconds: 7, resourceUrl })
    const { headers } = await pay(`${first}/paid/data`)
    const before = await balance(chain.payTo)
    const nonce = await chain.publicClient.getTransactionCount({ address: chain.facilitator.address })
    await setAutomine(chain.testClient, false)
    let r: Response
    try {
      r = await fetch(`${first}/paid/data`, { headers })
    } finally {
      await mine(chain.testClient)
      await setAutomine(chain.testClient, true)
    }
    expect(r.status).toBe(503)
    expect(r.headers.get('retry-after')).toBe('7')
    expect(await r.text()).not.toContain(marker)
    // a restarted server: a new paywall on the same file
    const second = await server('upfront', { pendingStore: createFilePendingStore(path), resourceUrl })
    const again = await fetch(`${second}/paid/data`, { headers })
    expect(again.status).toBe(200)
    expect(await again.text()).toContain(marker)
    expect((await balance(chain.payTo)) - before).toBe(10000n)
    expect(await chain.publicClient.getTransactionCount({ address: chain.facilitator.address })).toBe(nonce + 1)
  }, 30_000)
})
