import { createPublicClient, http } from 'viem'
import type { PublicClient } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startChain } from '../chain/index.js'
import type { Chain } from '../chain/index.js'
import { fromRequirementsV2 } from '../codecs/normalize.js'
import { createPayment } from './createPayment.js'
import { verifyPayment } from './verifyPayment.js'

// On a batching transport (the reference facilitator's), a payment with a valid EOA signature costs one
// round trip: the reads and the settlement simulation leave in one JSON-RPC batch.

let chain: Chain
beforeAll(async () => {
  chain = await startChain({ quiet: true })
  await chain.mint(chain.payers[0]!.address, 10n ** 9n)
})
afterAll(async () => {
  await chain?.stop()
})

function countingClient(): { client: PublicClient; posts: string[][] } {
  const posts: string[][] = []
  const transport = http(chain.rpcUrl, {
    batch: true,
    retryCount: 0,
    onFetchRequest: async (request) => {
      const body = JSON.parse(await request.clone().text()) as { method: string } | { method: string }[]
      posts.push((Array.isArray(body) ? body : [body]).map((call) => call.method))
    },
  })
  const client = createPublicClient({ chain: chain.publicClient.chain, transport }) as PublicClient
  return { client, posts }
}

async function payment(amount: bigint) {
  const requirements = {
    scheme: 'exact',
    network: chain.network,
    amount: amount.toString(),
    asset: chain.asset.address,
    payTo: chain.payTo,
    maxTimeoutSeconds: 120,
    extra: { name: chain.asset.name, version: chain.asset.version },
  }
  const paymentPayload = await createPayment({
    account: privateKeyToAccount(chain.payers[0]!.privateKey),
    requirements: fromRequirementsV2(requirements, { url: 'http://127.0.0.1/paid' }),
  })
  return { paymentPayload, paymentRequirements: requirements }
}

test('a valid payment: one batch (code, domain, balance, nonce state and the simulation)', async () => {
  const { client, posts } = countingClient()
  const result = await verifyPayment(client, await payment(10_000n))
  expect(result).toMatchObject({ isValid: true })
  expect(posts).toHaveLength(1)
  expect([...posts[0]!].sort()).toEqual(['eth_call', 'eth_call', 'eth_call', 'eth_call', 'eth_getCode', 'eth_getCode'])
})

test('an earlier verdict stands when the simulation went out with the reads', async () => {
  const { client, posts } = countingClient()
  const result = await verifyPayment(client, await payment(10n ** 40n))
  expect(result).toMatchObject({ isValid: false, invalidReason: 'insufficient_funds' })
  expect(posts).toHaveLength(1)
})
