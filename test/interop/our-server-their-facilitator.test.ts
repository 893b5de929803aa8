// Our resource server verifying and settling through the upstream facilitator.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startChain, type Chain } from '../../src/chain/index.js'
import { watchLedger } from './ledger.js'
import { getReceipt, ourFetch, startOurServer } from './ours.js'
import { startUpstreamFacilitator, upstreamFetchV2, type UpstreamFacilitator } from './upstream.js'

type OurServer = Awaited<ReturnType<typeof startOurServer>>

let chain: Chain
let facilitator: UpstreamFacilitator
let serverV2: OurServer
let serverV1: OurServer

beforeAll(async () => {
  chain = await startChain({ quiet: true })
  facilitator = await startUpstreamFacilitator(chain)
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

for (const version of [2, 1] as const) {
  describe(`our v${version} server settles through the upstream facilitator`, () => {
    const server = () => (version === 2 ? serverV2 : serverV1)

    test('our client pays', async () => {
      const { address, privateKey } = payer(version)
      const ledger = await watchLedger(chain, address)
      const response = await ourFetch(privateKey)(server().paidUrl)
      expect(response.status).toBe(200)
      expect(getReceipt(response)).toMatchObject({ success: true, payer: address, x402Version: version })
      await ledger.expectPaid(server().amount)
    })

    test('@x402/fetch pays', async () => {
      const { address, privateKey } = payer(version + 2)
      const ledger = await watchLedger(chain, address)
      const client = upstreamFetchV2(privateKey)
      const response = await client.fetch(server().paidUrl)
      expect(response.status).toBe(200)
      expect(client.receipt(response)).toMatchObject({ success: true, payer: address })
      await ledger.expectPaid(server().amount)
    })

    test('handler failure: no charge', async () => {
      const { address, privateKey } = payer(version + 4)
      const ledger = await watchLedger(chain, address)
      const response = await ourFetch(privateKey)(server().failingUrl)
      expect(response.status).toBe(500)
      await ledger.expectUnchanged()
    })
  })
}
