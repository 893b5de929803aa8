import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { privateKeyToAccount } from 'viem/accounts'
import { startChain } from '../chain/index.js'
import type { Chain } from '../chain/index.js'
import { startFacilitator } from '../facilitator/createFacilitator.js'
import type { RunningFacilitator } from '../facilitator/createFacilitator.js'
import { startResourceServer } from '../server/startResourceServer.js'
import type { RunningResourceServer } from '../server/startResourceServer.js'
import { getReceipt } from './getReceipt.js'
import { PaymentRefusedError } from './policy.js'
import { wrapFetch } from './wrapFetch.js'

let chain: Chain
let facilitator: RunningFacilitator
const servers: RunningResourceServer[] = []

beforeAll(async () => {
  chain = await startChain({ quiet: true })
  facilitator = await startFacilitator({ rpcUrl: chain.rpcUrl, privateKey: chain.facilitator.privateKey, chainId: chain.chainId })
})
afterAll(async () => {
  for (const s of servers) await s.close()
  await facilitator?.close()
  await chain?.stop()
})

async function server(version: 1 | 2 | 'both' = 'both', price = '10000') {
  const s = await startResourceServer({
    facilitatorUrl: facilitator.url,
    payTo: chain.payTo,
    price,
    network: chain.network,
    asset: chain.asset.address,
    assetDomain: { name: chain.asset.name, version: chain.asset.version },
    version,
  })
  servers.push(s)
  return s
}
/** A fetch that counts requests and remembers which carried a payment header. */
function counting() {
  const seen: { url: string; paid: boolean }[] = []
  const f: typeof fetch = async (input, init) => {
    const request = new Request(input, init)
    seen.push({ url: request.url, paid: request.headers.has('payment-signature') || request.headers.has('x-payment') })
    return fetch(request)
  }
  return { f, seen }
}

describe('wrapFetch', () => {
  test.each([[2], [1]] as const)('pays a v%i server and exposes the receipt', async (version) => {
    if (version === 1 && !chain.networkV1) return
    const s = await server(version)
    const { f, seen } = counting()
    const pay = wrapFetch(f, { account: privateKeyToAccount(chain.payers[0]!.privateKey) })
    const r = await pay(s.paidUrl)
    expect(r.status).toBe(200)
    expect(getReceipt(r)).toMatchObject({ success: true, x402Version: version, payer: chain.payers[0]!.address })
    expect(seen.map((x) => x.paid)).toEqual([false, true])
    expect(pay.spent()).toBe(10000n)
  })
  test('a POST body survives the retry', async () => {
    const s = await server()
    const pay = wrapFetch(fetch, { account: privateKeyToAccount(chain.payers[1]!.privateKey) })
    const r = await pay(s.paidUrl, {
      method: 'POST',
      body: JSON.stringify({ q: 1 }),
      headers: { 'content-type': 'application/json' },
    })
    expect(r.status).toBe(200)
    expect(await r.json()).toMatchObject({ paid: true, method: 'POST' })
  })
  test('a runaway loop stops at the budget', async () => {
    const s = await server()
    const { f, seen } = counting()
    const pay = wrapFetch(f, { account: privateKeyToAccount(chain.payers[2]!.privateKey), policy: { budget: 25000n } })
    let paid = 0
    let refused: unknown
    for (let i = 0; i < 10; i++) {
      try {
        if ((await pay(s.paidUrl)).ok) paid++
      } catch (error) {
        refused = error
        break
      }
    }
    expect(paid).toBe(2)
    expect(refused).toBeInstanceOf(PaymentRefusedError)
    expect((refused as PaymentRefusedError).refusals[0]).toMatch(/budget/)
    expect(pay.spent()).toBe(20000n)
    expect(seen.filter((x) => x.paid)).toHaveLength(2)
  })
  test('nothing acceptable: a clear refusal, nothing signed', async () => {
    const s = await server('both', '500000')
    const { f, seen } = counting()
    const pay = wrapFetch(f, {
      account: privateKeyToAccount(chain.payers[3]!.privateKey),
      policy: { maxAmountPerRequest: 10000n },
    })
    await expect(pay(s.paidUrl)).rejects.toThrow(/no acceptable payment option[\s\S]*maximum of 10000/)
    expect(seen.filter((x) => x.paid)).toEqual([])
    expect(pay.spent()).toBe(0n)
  })
  test('network not allowed', async () => {
    const s = await server()
    const pay = wrapFetch(fetch, {
      account: privateKeyToAccount(chain.payers[3]!.privateKey),
      policy: { networks: ['eip155:1'] },
    })
    await expect(pay(s.paidUrl)).rejects.toBeInstanceOf(PaymentRefusedError)
  })
  test('retries once: a server that keeps answering 402 gets two requests', async () => {
    const s = await server()
    const { f, seen } = counting()
    // the wrong payer key for the funds: the payer has no balance, so the paid retry is refused with 402
    const broke = privateKeyToAccount('0x0000000000000000000000000000000000000000000000000000000000000001')
    const pay = wrapFetch(f, { account: broke })
    const r = await pay(s.paidUrl)
    expect(r.status).toBe(402)
    expect(seen).toHaveLength(2)
  })
  test('a 402 without a challenge is an error', async () => {
    const pay = wrapFetch(async () => new Response('pay me', { status: 402 }), {
      account: privateKeyToAccount(chain.payers[3]!.privateKey),
    })
    await expect(pay('http://127.0.0.1:1/x')).rejects.toThrow(/no x402 challenge/)
  })
})
