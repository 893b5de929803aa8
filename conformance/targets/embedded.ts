import type { Address } from 'viem'
import { startFacilitator } from '../../src/facilitator/createFacilitator.js'
import type { FacilitatorSteps } from '../../src/facilitator/steps.js'
import type { PaywallSteps } from '../../src/server/steps.js'
import { paidContentMarker, startDemoServer } from './demoServer.js'
import type { DemoServerOptions } from './demoServer.js'

export { paidContentMarker }

/** Fault injection for the mutation check: replace one step of a reference role. */
export type EmbeddedVariant = {
  facilitatorSteps?: Partial<FacilitatorSteps>
  paywallSteps?: Partial<PaywallSteps>
  /** The demo handler's own route matching (default: the paywall's matcher). */
  handlerMatcher?: DemoServerOptions['handlerMatcher']
  /** The fetch the paywall calls its facilitator with. */
  paywallFetch?: typeof fetch
}

type ChainFacts = {
  rpcUrl: string
  chainId: number
  network: string
  asset: { address: Address; name: string; version: string }
  payTo: Address
  facilitator: { address: Address; privateKey: `0x${string}` }
  /** The chain's contracts; its `plainToken` (Permit2 only) gives the demo server its Permit2 and upto routes. */
  contracts?: Readonly<Record<string, Address>>
}

/**
 * The embedded roles' waits, shorter than the reference defaults (a 10 s receipt wait, the demo server's
 * 12 s settle bound): the cases that wait them out (a settlement held pending, a facilitator that hangs)
 * take as long as these. A settlement on the local chain confirms in well under a second; the server's
 * bound stays 2 s above the receipt wait, so that `settlement_pending` reaches the paywall.
 */
export const embeddedWaits = { receiptTimeoutMs: 6_000, settleTimeoutMs: 8_000 } as const

/** Starts the reference facilitator on the chain (with a variant's steps, if any). */
export async function startEmbeddedFacilitator(chain: ChainFacts, variant: EmbeddedVariant = {}) {
  const steps = variant.facilitatorSteps ? { steps: variant.facilitatorSteps } : {}
  const { rpcUrl, chainId } = chain
  const { receiptTimeoutMs } = embeddedWaits
  return startFacilitator({ rpcUrl, privateKey: chain.facilitator.privateKey, chainId, receiptTimeoutMs, ...steps })
}

/** Starts the demo server on the chain's asset, v1 and v2, settling through `facilitatorUrl` (with a variant's steps). */
export async function startEmbeddedServer(chain: ChainFacts, facilitatorUrl: string, variant: EmbeddedVariant = {}) {
  const steps = variant.paywallSteps ? { steps: variant.paywallSteps } : {}
  const settleTimeoutMs = embeddedWaits.settleTimeoutMs
  const paywall = { paywall: { settleTimeoutMs, ...steps, ...(variant.paywallFetch ? { fetch: variant.paywallFetch } : {}) } }
  const handler = variant.handlerMatcher ? { handlerMatcher: variant.handlerMatcher } : {}
  const { payTo, network, asset } = chain
  const token = chain.contracts?.['plainToken']
  const permit2 = token === undefined ? {} : { permit2: { token, facilitatorAddress: chain.facilitator.address } }
  return startDemoServer({ facilitatorUrl, payTo, network, asset, ...paywall, ...handler, ...permit2 })
}
