import { demoPaths } from '../../targets/demoServer.js'
import type { Paid, TestContext, Wire } from '../../context/types.js'
import { challengeOf } from './helpers-server.js'
import { offerOnNetwork } from './failing-route.js'

/**
 * Routes by payment flow (spec/09-flows.md). A route's flow is what its offer declares in
 * `extra.paymentFlow` (absent: `authorization`). The embedded demo server has `upfront` routes beside its
 * paid URLs; against another target the cases look for an `upfront` offer among the `--server` URLs (and
 * the failing route).
 */

/** The flow an offer declares. */
export function flowOf(offer: Wire | undefined): string {
  const flow = (offer?.['extra'] as Wire | undefined)?.['paymentFlow']
  return typeof flow === 'string' ? flow : 'authorization'
}

/** A paid route of one flow: its URL, this version's offer and (v2) resource. */
export type FlowRoute = { url: string; offer: Wire; resource: unknown }

/** The offer a URL answers with for this version and the chain's network, or undefined. */
export async function routeAt(t: TestContext, url: string): Promise<FlowRoute | undefined> {
  const challenge = await t.fetchPaid(undefined, { url })
  if (challenge.status !== 402) return undefined
  const offer = offerOnNetwork(t.version, t.version === 1 ? t.chain.networkV1 : t.chain.network, challenge)
  if (offer === undefined) return undefined
  return { url, offer, resource: t.version === 2 ? challengeOf(2, challenge)?.['resource'] : undefined }
}

/** An `upfront` route whose handler succeeds (`failing: false`) or fails; skips when the target has none. */
export async function upfrontRoute(t: TestContext, failing: boolean): Promise<FlowRoute> {
  const candidates =
    t.target.kind === 'embedded'
      ? [new URL(failing ? demoPaths.upfrontFail : demoPaths.upfront, t.resourceUrl).href]
      : failing
        ? [t.target.failingUrl ?? t.skip('the target has no failing route')]
        : t.target.serverUrls
  for (const url of candidates) {
    const route = await routeAt(t, url)
    if (route !== undefined && flowOf(route.offer) === 'upfront') return route
  }
  return t.skip(`no ${failing ? 'failing ' : ''}route of the target declares extra.paymentFlow "upfront" for v${t.version}`)
}

/** A correct payment of a route's own offer (v2: with its resource). */
export function payRoute(t: TestContext, route: FlowRoute, payer?: Paid['payer']): Promise<Paid> {
  return t.pay({
    requirements: route.offer,
    ...(payer === undefined ? {} : { payer }),
    ...(route.resource === undefined ? {} : { wire: { resource: route.resource } }),
  })
}
