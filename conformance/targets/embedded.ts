import type { Address } from 'viem'
import { startFacilitator } from '../../src/facilitator/createFacilitator.js'
import type { FacilitatorSteps } from '../../src/facilitator/steps.js'
import { createPaywall } from '../../src/server/createPaywall.js'
import type { PaywallSteps } from '../../src/server/steps.js'
import { preflightResponse, serveFetch } from '../../src/server/serveFetch.js'

/** The marker in every paid body of the embedded server: a case can check it never leaks. */
export const paidContentMarker = 'x402-conformance-paid-content'

/** Paths of the embedded reference server. */
export const embeddedPaths = { data: '/paid/data', other: '/paid/other', fail: '/paid/fail' } as const

/** Fault injection for the mutation check: replace one step of a reference role. */
export type EmbeddedVariant = { facilitatorSteps?: Partial<FacilitatorSteps>; paywallSteps?: Partial<PaywallSteps> }

type ChainFacts = {
  rpcUrl: string
  chainId: number
  network: string
  asset: { address: Address; name: string; version: string }
  payTo: Address
  facilitator: { address: Address; privateKey: `0x${string}` }
}

/** Starts the reference facilitator on the chain (with a variant's steps, if any). */
export async function startEmbeddedFacilitator(chain: ChainFacts, variant: EmbeddedVariant = {}) {
  return startFacilitator({ rpcUrl: chain.rpcUrl, privateKey: chain.facilitator.privateKey, chainId: chain.chainId, ...(variant.facilitatorSteps ? { steps: variant.facilitatorSteps } : {}) })
}

/**
 * Starts the reference resource server: `/paid/data` and `/paid/other` (handlers answer 200 with the
 * paid marker), `/paid/fail` (the handler answers 500, or the 4xx/5xx asked by `?status=`), v1 and v2, settling through `facilitatorUrl`.
 */
export async function startEmbeddedServer(chain: ChainFacts, facilitatorUrl: string, variant: EmbeddedVariant = {}) {
  const route = (path: string) => ({
    path,
    price: '10000',
    asset: chain.asset.address,
    assetDomain: { name: chain.asset.name, version: chain.asset.version },
    payTo: chain.payTo,
    networks: chain.network,
    description: `paid resource ${path}`,
    mimeType: 'application/json',
  })
  const paywall = createPaywall({
    routes: [route(embeddedPaths.data), route(embeddedPaths.other), route(embeddedPaths.fail)],
    facilitatorUrl,
    version: 'both',
    verifyTimeoutMs: 3_000,
    settleTimeoutMs: 8_000,
    ...(variant.paywallSteps ? { steps: variant.paywallSteps } : {}),
  })
  return serveFetch((request) =>
    paywall(request, async (r) => {
      const path = new URL(r.url).pathname
      if (r.method === 'OPTIONS') return preflightResponse()
      if (path.toLowerCase().startsWith(embeddedPaths.fail)) {
        // `?status=404` (400–599) picks the failure status; default 500.
        const asked = Number(new URL(r.url).searchParams.get('status') ?? '500')
        const status = Number.isInteger(asked) && asked >= 400 && asked <= 599 ? asked : 500
        return Response.json({ error: 'the handler failed' }, { status })
      }
      return Response.json({ content: `${paidContentMarker} ${path}` })
    }),
  )
}
