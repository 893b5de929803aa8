// Upstream paying clients against our resource server (settling through our facilitator).
import { describe, expect, test } from 'vitest'
import { getReceipt } from '../../src/client/getReceipt.js'
import { watchLedger } from './ledger.js'
import { clients, expectHandlerFailureFree, replayPayment } from './flows.js'
import { useInterop } from './setup.js'
import { paidContentMarker } from './ours.js'
import { upstreamFetchV1, upstreamFetchV2 } from './upstream.js'

const env = useInterop({ facilitator: 'ours', servers: 'ours' })

describe('@x402/fetch (v2) pays our v2 server', () => {
  test('default', async () => {
    const { address, privateKey } = env.payer(0)
    const ledger = await watchLedger(env.chain, address)
    const client = upstreamFetchV2(privateKey)
    const response = await client.fetch(env.servers[2].paidUrl)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain(paidContentMarker)
    expect(client.receipt(response)).toMatchObject({ success: true, network: env.chain.network, payer: address })
    await ledger.expectPaid(env.servers[2].amount)
  })

  test('replayed PAYMENT-SIGNATURE: 402, nothing moves', async () => {
    const replay = await replayPayment(env, 4, clients.upstreamV2, 2)
    expect(getReceipt(replay)?.success).not.toBe(true)
  })

  test('handler failure: no charge', () => expectHandlerFailureFree(env, 1, clients.upstreamV2, 2))
})

describe('x402-fetch (v1) pays our v1 server', () => {
  test('default', async () => {
    const { address, privateKey } = env.payer(2)
    const ledger = await watchLedger(env.chain, address)
    const client = upstreamFetchV1(env.chain, privateKey)
    const response = await client.fetch(env.servers[1].paidUrl)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain(paidContentMarker)
    expect(client.receipt(response)).toMatchObject({ success: true, network: env.chain.networkV1, payer: address })
    await ledger.expectPaid(env.servers[1].amount)
  })
})

describe('@x402/fetch pays our v1 server', () => {
  test('default', async () => {
    const { address, privateKey } = env.payer(3)
    const ledger = await watchLedger(env.chain, address)
    const client = upstreamFetchV2(privateKey)
    const response = await client.fetch(env.servers[1].paidUrl)
    expect(response.status).toBe(200)
    expect(client.receipt(response)).toMatchObject({ success: true, payer: address })
    await ledger.expectPaid(env.servers[1].amount)
  })
})
