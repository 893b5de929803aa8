// The upstream resource servers verifying and settling through our facilitator.
import { describe, expect, test } from 'vitest'
import { decodePaymentRequiredHeader } from '@x402/core/http'
import { generatePrivateKey } from 'viem/accounts'
import { categoryOf } from '../../src/errors/reasons.js'
import { watchLedger } from './ledger.js'
import { clients, expectHandlerFailureFree, replayPayment } from './flows.js'
import { useInterop } from './setup.js'
import { getReceipt, ourFetch } from './ours.js'
import { upstreamFetchV1, upstreamFetchV2 } from './upstream.js'

const env = useInterop({ facilitator: 'ours', servers: 'upstream' })

describe('@x402/express (v2) settles through our facilitator', () => {
  test('@x402/fetch pays', async () => {
    const { address, privateKey } = env.payer(0)
    const ledger = await watchLedger(env.chain, address)
    const client = upstreamFetchV2(privateKey)
    const response = await client.fetch(env.servers[2].paidUrl)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ paid: true })
    expect(client.receipt(response)).toMatchObject({ success: true, network: env.chain.network, payer: address })
    await ledger.expectPaid(env.servers[2].amount)
  })

  test('our client pays', async () => {
    const { address, privateKey } = env.payer(1)
    const ledger = await watchLedger(env.chain, address)
    const response = await ourFetch(privateKey)(env.servers[2].paidUrl)
    expect(response.status).toBe(200)
    expect(getReceipt(response)).toMatchObject({ success: true, payer: address })
    await ledger.expectPaid(env.servers[2].amount)
  })

  // The reason travels from our facilitator through @x402/core's HTTPFacilitatorClient (zod-parsed)
  // into the challenge's `error`: a response shape it rejected would surface as a 502 instead.
  test('replayed payment: 402 with our nonce-used reason', async () => {
    const replay = await replayPayment(env, 5, clients.upstreamV2, 2)
    const reason = decodePaymentRequiredHeader(replay.headers.get('payment-required')!).error ?? ''
    expect(categoryOf(reason), reason).toBe('nonce_used')
  })

  test('unfunded payer: 402 with our insufficient-funds reason', async () => {
    const response = await upstreamFetchV2(generatePrivateKey()).fetch(env.servers[2].paidUrl)
    expect(response.status).toBe(402)
    const reason = decodePaymentRequiredHeader(response.headers.get('payment-required')!).error ?? ''
    expect(categoryOf(reason), reason).toBe('insufficient_funds')
  })

  test('handler failure: no charge', () => expectHandlerFailureFree(env, 2, clients.upstreamV2, 2))
})

describe('x402-express (v1) settles through our facilitator', () => {
  test('x402-fetch pays', async () => {
    const { address, privateKey } = env.payer(3)
    const ledger = await watchLedger(env.chain, address)
    const client = upstreamFetchV1(env.chain, privateKey)
    const response = await client.fetch(env.servers[1].paidUrl)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ paid: true })
    expect(client.receipt(response)).toMatchObject({ success: true, network: env.chain.networkV1, payer: address })
    await ledger.expectPaid(env.servers[1].amount)
  })

  test('replayed payment: 402 with our nonce-used reason', async () => {
    const replay = await replayPayment(env, 6, clients.upstreamV1(env.chain), 1)
    const reason = ((await replay.json()) as { error: string }).error
    expect(categoryOf(reason), reason).toBe('nonce_used')
  })

  test('handler failure: no charge', () => expectHandlerFailureFree(env, 7, clients.upstreamV1(env.chain), 1))

  test('our client pays', async () => {
    const { address, privateKey } = env.payer(4)
    const ledger = await watchLedger(env.chain, address)
    const response = await ourFetch(privateKey)(env.servers[1].paidUrl)
    expect(response.status).toBe(200)
    expect(getReceipt(response)).toMatchObject({ success: true, payer: address })
    await ledger.expectPaid(env.servers[1].amount)
  })
})
