import type { Exchange } from '../../context/http.js'
import type { Paid, TestContext, Wire } from '../../context/types.js'
import { acceptsOf, challengeOf } from './helpers-server.js'

/**
 * The failing route (`t.target.failingUrl`, a paid route whose handler fails) is priced by its own
 * challenge: upstream servers price routes differently, so paying it with the first paid URL's offer
 * would be refused with 402 before the handler ever runs.
 */

/** The offer of a challenge for this version on the chain's network (scheme `exact`), if any. */
export function offerOnNetwork(version: 1 | 2, network: string | null, challenge: Exchange): Wire | undefined {
  return acceptsOf(version, challenge).find((r) => r['scheme'] === 'exact' && r['network'] === network)
}

/** The failing route's URL, with `?status=` when a status is asked. */
export function failingUrl(t: TestContext, status?: number): string {
  const base = t.target.failingUrl ?? t.skip('the target has no failing route')
  return status === undefined ? base : `${base}${base.includes('?') ? '&' : '?'}status=${status}`
}

/** The failing route's own challenge: its URL, offer and (v2) resource; skips when it asks no payment. */
export async function failingRouteOffer(
  t: TestContext,
  status?: number,
): Promise<{ url: string; offer: Wire; resource: unknown }> {
  const url = failingUrl(t, status)
  const challenge = await t.fetchPaid(undefined, { url })
  if (challenge.status !== 402) t.skip(`the failing route answers ${challenge.status} without payment, not 402`)
  const network = t.version === 1 ? t.chain.networkV1 : t.chain.network
  const offer =
    offerOnNetwork(t.version, network, challenge) ??
    t.skip(`the failing route offers no v${t.version} exact payment on ${network}`)
  return { url, offer, resource: t.version === 2 ? challengeOf(2, challenge)?.['resource'] : undefined }
}

/** A correct payment of the offer the failing route itself answers with (v2: with its resource). */
export async function payFailingRoute(t: TestContext, options: { status?: number } = {}): Promise<{ url: string; paid: Paid }> {
  const { url, offer, resource } = await failingRouteOffer(t, options.status)
  const paid = await t.pay({ requirements: offer, ...(resource === undefined ? {} : { wire: { resource } }) })
  return { url, paid }
}

/** True when two offers ask the same payment (amount, asset, payTo, network, scheme). */
export function sameOffer(a: Wire, b: Wire): boolean {
  const amount = (r: Wire) => String(r['amount'] ?? r['maxAmountRequired'])
  const lower = (v: unknown) => String(v).toLowerCase()
  return (
    amount(a) === amount(b) &&
    lower(a['asset']) === lower(b['asset']) &&
    lower(a['payTo']) === lower(b['payTo']) &&
    a['network'] === b['network'] &&
    a['scheme'] === b['scheme']
  )
}
