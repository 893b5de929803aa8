// The upstream resource servers verifying and settling through our facilitator.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startChain, type Chain } from '../../src/chain/index.js'
import type { RunningFacilitator } from '../../src/facilitator/createFacilitator.js'
import { decodePaymentRequiredHeader } from '@x402/core/http'
import { generatePrivateKey } from 'viem/accounts'
import { categoryOf } from '../../src/errors/reasons.js'
import { watchLedger } from './ledger.js'
import { recordingFetch } from './record.js'
import { getReceipt, ourFetch, startOurFacilitator } from './ours.js'
import { startUpstreamServer, upstreamFetchV1, upstreamFetchV2, type UpstreamServer } from './upstream.js'

let chain: Chain
let facilitator: RunningFacilitator
let serverV2: UpstreamServer
let serverV1: UpstreamServer

beforeAll(async () => {
  chain = await startChain({ quiet: true })
  facilitator = await startOurFacilitator(chain)
  serverV2 = await startUpstreamServer(chain, { facilitatorUrl: facilitator.url, version: 2 })
  serverV1 = await startUpstreamServer(chain, { facilitatorUrl: facilitator.url, version: 1 })
})

afterAll(async () => {
  await serverV2?.close()
  await serverV1?.close()
  await facilitator?.close()
  await chain?.stop()
})

const payer = (i: number) => chain.payers[i % chain.payers.length]!

describe('@x402/express (v2) settles through our facilitator', () => {
  test('@x402/fetch pays', async () => {
    const { address, privateKey } = payer(0)
    const ledger = await watchLedger(chain, address)
    const client = upstreamFetchV2(privateKey)
    const response = await client.fetch(serverV2.paidUrl)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ paid: true })
    expect(client.receipt(response)).toMatchObject({ success: true, network: chain.network, payer: address })
    await ledger.expectPaid(serverV2.amount)
  })

  test('our client pays', async () => {
    const { address, privateKey } = payer(1)
    const ledger = await watchLedger(chain, address)
    const response = await ourFetch(privateKey)(serverV2.paidUrl)
    expect(response.status).toBe(200)
    expect(getReceipt(response)).toMatchObject({ success: true, payer: address })
    await ledger.expectPaid(serverV2.amount)
  })

  // The reason travels from our facilitator through @x402/core's HTTPFacilitatorClient (zod-parsed)
  // into the challenge's `error`: a response shape it rejected would surface as a 502 instead.
  test('replayed payment: 402 with our nonce-used reason', async () => {
    const { address, privateKey } = payer(5)
    const recorder = recordingFetch()
    expect((await upstreamFetchV2(privateKey, { fetch: recorder.fetch }).fetch(serverV2.paidUrl)).status).toBe(200)
    const header = recorder.sent.find((r) => r.headers['payment-signature'] !== undefined)?.headers['payment-signature']
    const ledger = await watchLedger(chain, address)
    const replay = await fetch(serverV2.paidUrl, { headers: { 'PAYMENT-SIGNATURE': header! } })
    expect(replay.status).toBe(402)
    const reason = decodePaymentRequiredHeader(replay.headers.get('payment-required')!).error ?? ''
    expect(categoryOf(reason), reason).toBe('nonce_used')
    await ledger.expectUnchanged()
  })

  test('unfunded payer: 402 with our insufficient-funds reason', async () => {
    const response = await upstreamFetchV2(generatePrivateKey()).fetch(serverV2.paidUrl)
    expect(response.status).toBe(402)
    const reason = decodePaymentRequiredHeader(response.headers.get('payment-required')!).error ?? ''
    expect(categoryOf(reason), reason).toBe('insufficient_funds')
  })

  test('handler failure: no charge', async () => {
    const { address, privateKey } = payer(2)
    const ledger = await watchLedger(chain, address)
    const response = await upstreamFetchV2(privateKey).fetch(serverV2.failingUrl)
    expect(response.status).toBe(500)
    await ledger.expectUnchanged()
  })
})

describe('x402-express (v1) settles through our facilitator', () => {
  test('x402-fetch pays', async () => {
    const { address, privateKey } = payer(3)
    const ledger = await watchLedger(chain, address)
    const client = upstreamFetchV1(chain, privateKey)
    const response = await client.fetch(serverV1.paidUrl)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ paid: true })
    expect(client.receipt(response)).toMatchObject({ success: true, network: chain.networkV1, payer: address })
    await ledger.expectPaid(serverV1.amount)
  })

  test('replayed payment: 402 with our nonce-used reason', async () => {
    const { address, privateKey } = payer(6)
    const recorder = recordingFetch()
    expect((await upstreamFetchV1(chain, privateKey, { fetch: recorder.fetch }).fetch(serverV1.paidUrl)).status).toBe(200)
    const header = recorder.sent.find((r) => r.headers['x-payment'] !== undefined)?.headers['x-payment']
    const ledger = await watchLedger(chain, address)
    const replay = await fetch(serverV1.paidUrl, { headers: { 'X-PAYMENT': header! } })
    expect(replay.status).toBe(402)
    const reason = ((await replay.json()) as { error: string }).error
    expect(categoryOf(reason), reason).toBe('nonce_used')
    await ledger.expectUnchanged()
  })

  test('handler failure: no charge', async () => {
    const { address, privateKey } = payer(7)
    const ledger = await watchLedger(chain, address)
    const response = await upstreamFetchV1(chain, privateKey).fetch(serverV1.failingUrl)
    expect(response.status).toBe(500)
    await ledger.expectUnchanged()
  })

  test('our client pays', async () => {
    const { address, privateKey } = payer(4)
    const ledger = await watchLedger(chain, address)
    const response = await ourFetch(privateKey)(serverV1.paidUrl)
    expect(response.status).toBe(200)
    expect(getReceipt(response)).toMatchObject({ success: true, payer: address })
    await ledger.expectPaid(serverV1.amount)
  })
})
