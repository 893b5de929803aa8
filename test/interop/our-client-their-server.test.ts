// Our paying client against the upstream resource servers (settling through the upstream facilitator).
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startChain, type Chain } from '../../src/chain/index.js'
import { decodePaymentRequiredHeader } from '@x402/core/http'
import { generatePrivateKey } from 'viem/accounts'
import { categoryOf } from '../../src/errors/reasons.js'
import { watchLedger } from './ledger.js'
import { getReceipt, ourFetch } from './ours.js'
import { startUpstreamFacilitator, startUpstreamServer, type UpstreamFacilitator, type UpstreamServer } from './upstream.js'

let chain: Chain
let facilitator: UpstreamFacilitator
let serverV2: UpstreamServer
let serverV1: UpstreamServer

beforeAll(async () => {
  chain = await startChain({ quiet: true })
  facilitator = await startUpstreamFacilitator(chain)
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

for (const version of [2, 1] as const) {
  describe(`our client pays ${version === 2 ? '@x402/express (v2)' : 'x402-express (v1)'}`, () => {
    const server = () => (version === 2 ? serverV2 : serverV1)

    test('default', async () => {
      const { address, privateKey } = payer(version)
      const ledger = await watchLedger(chain, address)
      const response = await ourFetch(privateKey)(server().paidUrl)
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ paid: true })
      expect(getReceipt(response)).toMatchObject({ success: true, payer: address, x402Version: version })
      await ledger.expectPaid(server().amount)
    })

    test('unfunded payer: 402 with an insufficient-funds reason', async () => {
      const response = await ourFetch(generatePrivateKey())(server().paidUrl)
      expect(response.status).toBe(402)
      const reason =
        version === 2
          ? (decodePaymentRequiredHeader(response.headers.get('payment-required')!).error ?? '')
          : ((await response.json()) as { error: string }).error
      expect(categoryOf(reason), reason).toBe('insufficient_funds')
    })

    test('handler failure: no charge', async () => {
      const { address, privateKey } = payer(version + 2)
      const ledger = await watchLedger(chain, address)
      const response = await ourFetch(privateKey)(server().failingUrl)
      expect(response.status).toBe(500)
      await ledger.expectUnchanged()
    })
  })
}
