// Our reference roles, started the same way the upstream helpers start theirs.
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { Chain } from '../../src/chain/index.js'
import { startFacilitator, type RunningFacilitator } from '../../src/facilitator/createFacilitator.js'
import { startResourceServer, type RunningResourceServer } from '../../src/server/startResourceServer.js'
import { getReceipt } from '../../src/client/getReceipt.js'
import { wrapFetch, type PayingFetch } from '../../src/client/wrapFetch.js'

export { getReceipt }

/** Our facilitator on the chain, paying gas with the chain's facilitator key. */
export function startOurFacilitator(chain: Chain): Promise<RunningFacilitator> {
  return startFacilitator({ rpcUrl: chain.rpcUrl, privateKey: chain.facilitator.privateKey, chainId: chain.chainId })
}

/** Our resource server: `GET /paid` (200) and `GET /paid/fail` (500) priced in the chain's asset. */
export function startOurServer(
  chain: Chain,
  options: { facilitatorUrl: string; version: 1 | 2 | 'both'; amount?: bigint },
): Promise<RunningResourceServer & { amount: bigint; failingUrl: string }> {
  const amount = options.amount ?? 1000n
  return startResourceServer({
    facilitatorUrl: options.facilitatorUrl,
    payTo: chain.payTo,
    price: amount,
    network: chain.network,
    asset: chain.asset.address,
    assetDomain: { name: chain.asset.name, version: chain.asset.version },
    version: options.version,
  }).then((server) => ({ ...server, amount, failingUrl: `${server.paidUrl}/fail` }))
}

/** Our paying client for a payer key, with no policy limits. */
export function ourFetch(privateKey: Hex): PayingFetch {
  return wrapFetch(fetch, { account: privateKeyToAccount(privateKey) })
}
