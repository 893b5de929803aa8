// Our reference roles, started the same way the upstream helpers start theirs.
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { Chain } from '../../src/chain/index.js'
import { startFacilitator, type RunningFacilitator } from '../../src/facilitator/createFacilitator.js'
import { getReceipt } from '../../src/client/getReceipt.js'
import { wrapFetch, type PayingFetch } from '../../src/client/wrapFetch.js'
import { startDemoServer, type DemoServer } from '../../conformance/targets/demoServer.js'

export { getReceipt }
export { paidContentMarker } from '../../conformance/targets/demoServer.js'

/** Our facilitator on the chain, paying gas with the chain's facilitator key. */
export function startOurFacilitator(chain: Chain): Promise<RunningFacilitator> {
  return startFacilitator({ rpcUrl: chain.rpcUrl, privateKey: chain.facilitator.privateKey, chainId: chain.chainId })
}

/** Our demo resource server (`paidUrl` answers 200, `failingUrl` 500), priced in the chain's asset. */
export async function startOurServer(
  chain: Chain,
  options: { facilitatorUrl: string; version: 1 | 2 | 'both'; amount?: bigint },
): Promise<DemoServer & { amount: bigint }> {
  const amount = options.amount ?? 1000n
  const server = await startDemoServer({
    facilitatorUrl: options.facilitatorUrl,
    payTo: chain.payTo,
    price: amount,
    network: chain.network,
    asset: chain.asset,
    version: options.version,
  })
  return { ...server, amount }
}

/** Our paying client for a payer key (sending with `send`, default the global fetch), with no policy limits. */
export function ourFetch(privateKey: Hex, send: typeof fetch = fetch): PayingFetch {
  return wrapFetch(send, { account: privateKeyToAccount(privateKey) })
}
