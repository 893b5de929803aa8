// Upstream @x402/fetch 2.27 with @x402/evm's upto client pays the upto route of our demo server (the chain's plain
// ERC-20 through Permit2, the maximum 10000, the handler charging ?charge=), settling through our facilitator.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { UptoEvmScheme } from '@x402/evm/upto/client'
import { wrapFetchWithPayment, x402Client, x402HTTPClient } from '@x402/fetch'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { balanceOf, startChain, type Chain } from '../../src/chain/index.js'
import { startFacilitator, type RunningFacilitator } from '../../src/facilitator/createFacilitator.js'
import { startDemoServer, type DemoServer } from '../../conformance/targets/demoServer.js'

let chain: Chain
let facilitator: RunningFacilitator
let server: DemoServer
const payTo = privateKeyToAccount(generatePrivateKey()).address

beforeAll(async () => {
  chain = await startChain()
  facilitator = await startFacilitator({ rpcUrl: chain.rpcUrl, privateKey: chain.facilitator.privateKey })
  server = await startDemoServer({
    facilitatorUrl: facilitator.url,
    payTo,
    network: chain.network,
    asset: chain.asset,
    permit2: { token: chain.contracts.plainToken },
  })
}, 120_000)
afterAll(async () => {
  await server?.close()
  await facilitator?.close()
  await chain?.stop()
})

test('@x402/fetch with the upto client pays our upto route: 200, the charged amount moves and the receipt names it', async () => {
  expect(server.uptoUrl, 'the demo server found the facilitator address in /supported').toBeDefined()
  const signer = privateKeyToAccount(chain.payers[1]!.privateKey)
  const client = new x402Client().register('eip155:*', new UptoEvmScheme(signer))
  client.setSpendControls(false)
  const res = await wrapFetchWithPayment(fetch, client)(`${server.uptoUrl}?charge=3100`)
  expect(res.status).toBe(200)
  const receipt = new x402HTTPClient(client).getPaymentSettleResponse((name) => res.headers.get(name))
  expect(receipt).toMatchObject({ success: true, amount: '3100' })
  expect(await balanceOf(chain.publicClient, chain.contracts.plainToken, payTo)).toBe(3100n)
})
