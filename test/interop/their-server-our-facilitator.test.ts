// The upstream resource servers verifying and settling through our facilitator.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startChain, type Chain } from '../../src/chain/index.js'
import type { RunningFacilitator } from '../../src/facilitator/createFacilitator.js'
import { watchLedger } from './ledger.js'
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

  test('our client pays', async () => {
    const { address, privateKey } = payer(4)
    const ledger = await watchLedger(chain, address)
    const response = await ourFetch(privateKey)(serverV1.paidUrl)
    expect(response.status).toBe(200)
    expect(getReceipt(response)).toMatchObject({ success: true, payer: address })
    await ledger.expectPaid(serverV1.amount)
  })
})
