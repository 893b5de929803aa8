import { afterAll, beforeAll, expect, test } from 'vitest'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { balanceOf, startChain, type Chain } from '../chain/index.js'
import { createPermit2Payment } from '../evm/permit2/index.js'
import { startFacilitator, type RunningFacilitator } from '../facilitator/createFacilitator.js'
import { createPaywall } from './createPaywall.js'
import { serveFetch, type ServedFetch } from './serveFetch.js'

let chain: Chain
let facilitator: RunningFacilitator
let server: ServedFetch
const payTo = privateKeyToAccount(generatePrivateKey()).address
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64')
const decode = (header: string | null) => JSON.parse(Buffer.from(header ?? '', 'base64').toString()) as Record<string, unknown>

beforeAll(async () => {
  chain = await startChain()
  facilitator = await startFacilitator({ rpcUrl: chain.rpcUrl, privateKey: chain.facilitator.privateKey })
  const paywall = createPaywall({
    facilitatorUrl: facilitator.url,
    routes: [
      {
        path: '/permit2',
        price: '3000',
        asset: chain.contracts.plainToken,
        payTo,
        networks: chain.network,
        assetTransferMethod: 'permit2',
      },
    ],
  })
  server = await serveFetch((request) => paywall(request, async () => Response.json({ content: 'paid' })))
}, 120_000)
afterAll(async () => {
  await server?.close()
  await facilitator?.close()
  await chain?.stop()
})

test('a permit2 route offers exact with extra.assetTransferMethod permit2, in v2 only', async () => {
  const res = await fetch(`${server.url}/permit2`)
  expect(res.status).toBe(402)
  const accepts = decode(res.headers.get('payment-required'))['accepts'] as Record<string, unknown>[]
  expect(accepts).toEqual([
    expect.objectContaining({
      scheme: 'exact',
      amount: '3000',
      asset: chain.contracts.plainToken,
      extra: { assetTransferMethod: 'permit2' },
    }),
  ])
})

test('a Permit2 payment of the offer is served and settled: exactly the price moves to payTo', async () => {
  const res = await fetch(`${server.url}/permit2`)
  const challenge = decode(res.headers.get('payment-required'))
  const accepted = (challenge['accepts'] as Record<string, unknown>[])[0]!
  const payer = chain.payers[3]!
  const { payload } = await createPermit2Payment({
    kind: 'exact',
    account: privateKeyToAccount(payer.privateKey),
    requirements: { chainId: chain.chainId, asset: chain.contracts.plainToken, payTo, amount: 3000n, maxTimeoutSeconds: 60 },
  })
  const payment = { x402Version: 2, resource: challenge['resource'], accepted, payload }
  const paid = await fetch(`${server.url}/permit2`, { headers: { 'PAYMENT-SIGNATURE': b64(payment) } })
  expect(paid.status).toBe(200)
  expect(await paid.json()).toEqual({ content: 'paid' })
  expect(decode(paid.headers.get('payment-response'))).toMatchObject({ success: true, amount: '3000' })
  expect(await balanceOf(chain.publicClient, chain.contracts.plainToken, payTo)).toBe(3000n)
})

test('the reference client pays the permit2 route with a Permit2 witness transfer', async () => {
  const { wrapFetch } = await import('../client/wrapFetch.js')
  const account = privateKeyToAccount(chain.payers[2]!.privateKey)
  const before = await balanceOf(chain.publicClient, chain.contracts.plainToken, payTo)
  const pay = wrapFetch(fetch, { account })
  const res = await pay(`${server.url}/permit2`)
  expect(res.status).toBe(200)
  expect(decode(res.headers.get('payment-response'))).toMatchObject({ success: true, amount: '3000' })
  expect(await balanceOf(chain.publicClient, chain.contracts.plainToken, payTo)).toBe(before + 3000n)
})
