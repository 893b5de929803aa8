// Upstream paying clients against our resource server (settling through our facilitator).
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startChain, type Chain } from '../../src/chain/index.js'
import type { RunningFacilitator } from '../../src/facilitator/createFacilitator.js'
import { getReceipt } from '../../src/client/getReceipt.js'
import { watchLedger } from './ledger.js'
import { recordingFetch } from './record.js'
import { startOurFacilitator, startOurServer } from './ours.js'
import { upstreamFetchV1, upstreamFetchV2 } from './upstream.js'

type OurServer = Awaited<ReturnType<typeof startOurServer>>

let chain: Chain
let facilitator: RunningFacilitator
let serverV2: OurServer
let serverV1: OurServer

beforeAll(async () => {
  chain = await startChain({ quiet: true })
  facilitator = await startOurFacilitator(chain)
  serverV2 = await startOurServer(chain, { facilitatorUrl: facilitator.url, version: 2 })
  serverV1 = await startOurServer(chain, { facilitatorUrl: facilitator.url, version: 1 })
})

afterAll(async () => {
  await serverV2?.close()
  await serverV1?.close()
  await facilitator?.close()
  await chain?.stop()
})

const payer = (i: number) => chain.payers[i % chain.payers.length]!

describe('@x402/fetch (v2) pays our v2 server', () => {
  test('default', async () => {
    const { address, privateKey } = payer(0)
    const ledger = await watchLedger(chain, address)
    const client = upstreamFetchV2(privateKey)
    const response = await client.fetch(serverV2.paidUrl)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ paid: true })
    expect(client.receipt(response)).toMatchObject({ success: true, network: chain.network, payer: address })
    await ledger.expectPaid(serverV2.amount)
  })

  test('replayed PAYMENT-SIGNATURE: 402, nothing moves', async () => {
    const { address, privateKey } = payer(4)
    const recorder = recordingFetch()
    expect((await upstreamFetchV2(privateKey, { fetch: recorder.fetch }).fetch(serverV2.paidUrl)).status).toBe(200)
    const header = recorder.sent.find((r) => r.headers['payment-signature'] !== undefined)?.headers['payment-signature']
    const ledger = await watchLedger(chain, address)
    const replay = await fetch(serverV2.paidUrl, { headers: { 'PAYMENT-SIGNATURE': header! } })
    expect(replay.status).toBe(402)
    expect(getReceipt(replay)?.success).not.toBe(true)
    await ledger.expectUnchanged()
  })

  test('handler failure: no charge', async () => {
    const { address, privateKey } = payer(1)
    const ledger = await watchLedger(chain, address)
    const response = await upstreamFetchV2(privateKey).fetch(serverV2.failingUrl)
    expect(response.status).toBe(500)
    await ledger.expectUnchanged()
  })
})

describe('x402-fetch (v1) pays our v1 server', () => {
  test('default', async () => {
    const { address, privateKey } = payer(2)
    const ledger = await watchLedger(chain, address)
    const client = upstreamFetchV1(chain, privateKey)
    const response = await client.fetch(serverV1.paidUrl)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ paid: true })
    expect(client.receipt(response)).toMatchObject({ success: true, network: chain.networkV1, payer: address })
    await ledger.expectPaid(serverV1.amount)
  })
})

describe('@x402/fetch pays our v1 server', () => {
  test('default', async () => {
    const { address, privateKey } = payer(3)
    const ledger = await watchLedger(chain, address)
    const client = upstreamFetchV2(privateKey)
    const response = await client.fetch(serverV1.paidUrl)
    expect(response.status).toBe(200)
    expect(client.receipt(response)).toMatchObject({ success: true, payer: address })
    await ledger.expectPaid(serverV1.amount)
  })
})
