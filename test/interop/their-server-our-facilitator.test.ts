// The upstream resource servers verifying and settling through our facilitator.
import { describe, expect, test } from 'vitest'
import { decodePaymentRequiredHeader } from '@x402/core/http'
import { generatePrivateKey } from 'viem/accounts'
import { categoryOf } from '../../src/errors/reasons.js'
import { clients, expectHandlerFailureFree, expectPaysAndIsCharged, replayPayment } from './flows.js'
import { useInterop } from './setup.js'
import { upstreamFetchV2 } from './upstream.js'

const env = useInterop({ facilitator: 'ours', servers: 'upstream' })

describe('@x402/express (v2) settles through our facilitator', () => {
  test('@x402/fetch pays', async () => {
    const { response, receipt } = await expectPaysAndIsCharged(env, 0, clients.upstreamV2, 2)
    expect(await response.json()).toEqual({ paid: true })
    expect(receipt).toMatchObject({ network: env.chain.network })
  })

  test('our client pays', async () => {
    await expectPaysAndIsCharged(env, 1, clients.ours, 2)
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
    const { response, receipt } = await expectPaysAndIsCharged(env, 3, clients.upstreamV1(env.chain), 1)
    expect(await response.json()).toEqual({ paid: true })
    expect(receipt).toMatchObject({ network: env.chain.networkV1 })
  })

  test('replayed payment: 402 with our nonce-used reason', async () => {
    const replay = await replayPayment(env, 6, clients.upstreamV1(env.chain), 1)
    const reason = ((await replay.json()) as { error: string }).error
    expect(categoryOf(reason), reason).toBe('nonce_used')
  })

  test('handler failure: no charge', () => expectHandlerFailureFree(env, 7, clients.upstreamV1(env.chain), 1))

  test('our client pays', async () => {
    await expectPaysAndIsCharged(env, 4, clients.ours, 1)
  })
})
