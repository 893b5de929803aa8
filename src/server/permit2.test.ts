import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { balanceOf, startChain, type Chain } from '../chain/index.js'
import { createPermit2Payment } from '../evm/permit2/index.js'
import { startFacilitator, type RunningFacilitator } from '../facilitator/createFacilitator.js'
import { createPaywall } from './createPaywall.js'
import { pendingKey } from './pendingStore.js'
import { compileRoute } from './routes.js'
import { serveFetch, type ServedFetch } from './serveFetch.js'
import { uptoCharge } from './upto.js'

let chain: Chain
let facilitator: RunningFacilitator
let server: ServedFetch
const payTo = privateKeyToAccount(generatePrivateKey()).address
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64')
const decode = (header: string | null) => JSON.parse(Buffer.from(header ?? '', 'base64').toString()) as Record<string, unknown>
const maximum = 5000n
/** The upto route's handler: charges what ?charge= names (absent: no header, the maximum). */
const charging = (amount: string | null) =>
  new Response(JSON.stringify({ content: 'metered' }), {
    headers: amount === null ? {} : { 'settlement-overrides': JSON.stringify({ amount }) },
  })

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
      {
        path: '/metered',
        price: maximum,
        scheme: 'upto',
        facilitatorAddress: chain.facilitator.address,
        asset: chain.contracts.plainToken,
        payTo,
        networks: chain.network,
      },
    ],
  })
  server = await serveFetch((request) =>
    paywall(request, async (r) => {
      const url = new URL(r.url)
      return url.pathname === '/metered' ? charging(url.searchParams.get('charge')) : Response.json({ content: 'paid' })
    }),
  )
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

/** A correct upto payment of the route's offer by payer `index`. */
async function payment(path: string, index: number) {
  const challenge = decode((await fetch(`${server.url}${path}`)).headers.get('payment-required'))
  const accepted = (challenge['accepts'] as Record<string, unknown>[])[0]!
  const { payload } = await createPermit2Payment({
    kind: 'upto',
    account: privateKeyToAccount(chain.payers[index]!.privateKey),
    facilitator: chain.facilitator.address,
    requirements: { chainId: chain.chainId, asset: chain.contracts.plainToken, payTo, amount: maximum, maxTimeoutSeconds: 60 },
  })
  return { header: b64({ x402Version: 2, resource: challenge['resource'], accepted, payload }), accepted }
}

const paid = (path: string, header: string) => fetch(`${server.url}${path}`, { headers: { 'PAYMENT-SIGNATURE': header } })
const received = () => balanceOf(chain.publicClient, chain.contracts.plainToken, payTo)

describe('upto route', () => {
  test('offers upto in v2 only, the maximum as amount, permit2 and the facilitator address', async () => {
    const { accepted } = await payment('/metered', 0)
    expect(accepted).toMatchObject({
      scheme: 'upto',
      amount: '5000',
      extra: { assetTransferMethod: 'permit2', facilitatorAddress: chain.facilitator.address },
    })
  })

  test.each([
    ['below the maximum', '1234', 1234n],
    ['above the maximum: the maximum, never more', '9000', maximum],
    ['nothing named: the maximum', null, maximum],
  ])('charges what the handler names, %s; the receipt names it', async (_what, charge, moved) => {
    const before = await received()
    const { header } = await payment('/metered', 1)
    const res = await paid(charge === null ? '/metered' : `/metered?charge=${charge}`, header)
    expect(res.status).toBe(200)
    expect(res.headers.has('settlement-overrides')).toBe(false)
    expect(decode(res.headers.get('payment-response'))).toMatchObject({ success: true, amount: moved.toString() })
    expect((await received()) - before).toBe(moved)
  })

  test('a zero charge serves the content and moves nothing', async () => {
    const before = await received()
    const res = await paid('/metered?charge=0', (await payment('/metered', 2)).header)
    expect(res.status).toBe(200)
    expect(decode(res.headers.get('payment-response'))).toMatchObject({ success: true, amount: '0', transaction: '' })
    expect(await received()).toBe(before)
  })

  test('a charge that is not an atomic amount is the route’s error: 500, nothing served or charged', async () => {
    const before = await received()
    const res = await paid('/metered?charge=1.5', (await payment('/metered', 3)).header)
    expect(res.status).toBe(500)
    expect(await res.text()).not.toContain('metered')
    expect(await received()).toBe(before)
  })

  test('the same payment sent again is refused and charged once', async () => {
    const { header } = await payment('/metered', 4)
    const before = await received()
    expect((await paid('/metered?charge=700', header)).status).toBe(200)
    const again = await paid('/metered?charge=700', header)
    expect(again.status).toBe(402)
    expect((await received()) - before).toBe(700n)
  })
})

describe('upto pricing rules', () => {
  const answer = (value: string) => new Response('', { headers: { 'settlement-overrides': value } })
  test('reads the atomic amount, clamps to the maximum, refuses anything else', () => {
    expect(uptoCharge(answer('{"amount":"7"}'), 10n)).toEqual({ amount: 7n, clamped: false })
    expect(uptoCharge(answer('{"amount":"11"}'), 10n)).toEqual({ amount: 10n, clamped: true })
    expect(uptoCharge(answer('{}'), 10n)).toEqual({ amount: 10n, clamped: false })
    for (const bad of ['{"amount":7}', '{"amount":"-1"}', '{"amount":"01"}', 'nope', '{"amount":"50%"}'])
      expect(uptoCharge(answer(bad), 10n)).toHaveProperty('problem')
  })

  test('an upto route without a facilitator address, or in the upfront flow, is a config error', () => {
    const route = { path: '/m', price: '1', scheme: 'upto' as const, payTo, networks: 'eip155:84532' }
    expect(() => compileRoute(route)).toThrow(/facilitatorAddress/)
    const withAddress = { ...route, facilitatorAddress: payTo }
    expect(() => compileRoute({ ...withAddress, paymentFlow: 'upfront' })).toThrow(/authorization/)
    expect(compileRoute(withAddress).offers[0]!.v1).toBeUndefined()
  })

  test('the pending key of a payment does not depend on the order of its members', () => {
    const payment = { x402Version: 2, payload: { signature: '0x01', permit2Authorization: { from: '0xa', nonce: '1' } } }
    const reordered = { payload: { permit2Authorization: { nonce: '1', from: '0xa' }, signature: '0x01' }, x402Version: 2 }
    const requirement = { scheme: 'upto', amount: '5' }
    expect(pendingKey(reordered, { amount: '5', scheme: 'upto' })).toBe(pendingKey(payment, requirement))
    expect(pendingKey(payment, { ...requirement, amount: '6' })).not.toBe(pendingKey(payment, requirement))
  })
})
