// Upstream paying clients against our resource server (settling through our facilitator).
import { describe, expect, test } from 'vitest'
import { getReceipt } from '../../src/client/getReceipt.js'
import { clients, expectHandlerFailureFree, expectPaysAndIsCharged, replayPayment } from './flows.js'
import { useInterop } from './setup.js'
import { paidContentMarker } from './ours.js'

const env = useInterop({ facilitator: 'ours', servers: 'ours' })

describe('@x402/fetch (v2) pays our v2 server', () => {
  test('default', async () => {
    const { response, receipt } = await expectPaysAndIsCharged(env, 0, clients.upstreamV2, 2)
    expect(await response.text()).toContain(paidContentMarker)
    expect(receipt).toMatchObject({ network: env.chain.network })
  })

  test('replayed PAYMENT-SIGNATURE: 402, nothing moves', async () => {
    const replay = await replayPayment(env, 4, clients.upstreamV2, 2)
    expect(getReceipt(replay)?.success).not.toBe(true)
  })

  test('handler failure: no charge', () => expectHandlerFailureFree(env, 1, clients.upstreamV2, 2))
})

describe('x402-fetch (v1) pays our v1 server', () => {
  test('default', async () => {
    const { response, receipt } = await expectPaysAndIsCharged(env, 2, clients.upstreamV1(env.chain), 1)
    expect(await response.text()).toContain(paidContentMarker)
    expect(receipt).toMatchObject({ network: env.chain.networkV1 })
  })
})

describe('@x402/fetch pays our v1 server', () => {
  test('default', async () => {
    await expectPaysAndIsCharged(env, 3, clients.upstreamV2, 1)
  })
})
