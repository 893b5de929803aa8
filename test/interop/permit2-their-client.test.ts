// Upstream @x402/fetch + @x402/evm 2.27 pays our resource server's Permit2 route (exact, assetTransferMethod
// permit2, the chain's plain ERC-20), settling through our facilitator on the local chain.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { balanceOf, startChain, type Chain } from '../../src/chain/index.js'
import { startFacilitator, type RunningFacilitator } from '../../src/facilitator/createFacilitator.js'
import { createPaywall } from '../../src/server/createPaywall.js'
import { serveFetch, type ServedFetch } from '../../src/server/serveFetch.js'
import { wrapFetch } from '../../src/client/wrapFetch.js'
import { upstreamFetchV2 } from './upstream/clients.js'
import { startUpstreamFacilitator, type UpstreamFacilitator } from './upstream/facilitator.js'

let chain: Chain
let facilitator: RunningFacilitator
let server: ServedFetch
let theirs: UpstreamFacilitator
let viaTheirs: ServedFetch
const payTo = privateKeyToAccount(generatePrivateKey()).address

beforeAll(async () => {
  chain = await startChain()
  facilitator = await startFacilitator({ rpcUrl: chain.rpcUrl, privateKey: chain.facilitator.privateKey })
  const route = { price: '2500', asset: chain.contracts.plainToken, payTo, networks: chain.network }
  const paywall = createPaywall({
    facilitatorUrl: facilitator.url,
    routes: [{ path: '/permit2', ...route, assetTransferMethod: 'permit2' }],
  })
  server = await serveFetch((request) => paywall(request, async () => Response.json({ content: 'paid' })))
  theirs = await startUpstreamFacilitator(chain)
  const settlingThere = createPaywall({
    facilitatorUrl: theirs.url,
    routes: [{ path: '/permit2', ...route, assetTransferMethod: 'permit2' }],
  })
  viaTheirs = await serveFetch((request) => settlingThere(request, async () => Response.json({ content: 'paid' })))
}, 120_000)
afterAll(async () => {
  await server?.close()
  await viaTheirs?.close()
  await theirs?.close()
  await facilitator?.close()
  await chain?.stop()
})

test('@x402/fetch pays our permit2 route: 200, exactly the price moves to payTo', async () => {
  const payer = upstreamFetchV2(chain.payers[1]!.privateKey, { spendControls: false })
  const response = await payer.fetch(`${server.url}/permit2`)
  expect(response.status, await response.clone().text()).toBe(200)
  expect(payer.receipt(response)).toMatchObject({ success: true })
  expect(await balanceOf(chain.publicClient, chain.contracts.plainToken, payTo)).toBe(2500n)
})

test('our client pays a permit2 route settled by the upstream facilitator: exactly the price moves', async () => {
  const before = await balanceOf(chain.publicClient, chain.contracts.plainToken, payTo)
  const pay = wrapFetch(fetch, { account: privateKeyToAccount(chain.payers[2]!.privateKey) })
  const response = await pay(`${viaTheirs.url}/permit2`)
  expect(response.status, await response.clone().text()).toBe(200)
  expect(await balanceOf(chain.publicClient, chain.contracts.plainToken, payTo)).toBe(before + 2500n)
})
