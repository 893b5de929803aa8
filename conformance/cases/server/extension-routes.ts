import { paymentIdentifierKey } from '../../../src/types/extensions.js'
import type { Paid, Signer, TestContext, Wire } from '../../context/types.js'
import { demoPaths } from '../../targets/demoServer.js'
import { challengeOf } from './helpers-server.js'
import { offerOnNetwork } from './failing-route.js'

/**
 * Extension cases (spec/11-extensions.md) look, among the target's paid URLs, for one whose v2 challenge
 * announces the extension; they skip when none does (an extension the server does not offer is not
 * applicable, never passed). Against another target, pass the URLs of such routes with --server (after the
 * plain paid URL); the embedded demo server has `/paid/order` and `/paid/catalog`.
 */

/** A paid URL whose challenge announces extensions: its offer, resource and `extensions` object. */
export type ExtensionRoute = { url: string; offer: Wire; resource: unknown; extensions: Wire }

/** The first paid URL whose v2 challenge carries `extensions[key]` matching `accept` (skips when there is none). */
export async function findExtensionRoute(
  t: TestContext,
  key: string,
  accept: (extension: Wire) => boolean = () => true,
): Promise<ExtensionRoute> {
  const demo = [demoPaths.order, demoPaths.catalog].map((path) => new URL(path, t.resourceUrl).href)
  for (const url of t.target.kind === 'embedded' ? demo : t.target.serverUrls) {
    const challenge = await t.fetchPaid(undefined, { url })
    if (challenge.status !== 402) continue
    const v2 = challengeOf(2, challenge)
    const extensions = v2?.['extensions']
    if (typeof extensions !== 'object' || extensions === null) continue
    const extension = (extensions as Wire)[key]
    if (typeof extension !== 'object' || extension === null || !accept(extension as Wire)) continue
    const offer = offerOnNetwork(2, t.chain.network, challenge)
    if (offer === undefined) continue
    return { url, offer, resource: v2?.['resource'], extensions: extensions as Wire }
  }
  return t.skip(`no paid URL of the target announces the ${key} extension in its v2 challenge`)
}

/** True when the payment-identifier declaration says `required: true`. */
export const requiresId = (extension: Wire) => (extension['info'] as Wire | undefined)?.['required'] === true

/** A deterministic id of the allowed form, from a payment's nonce (never Math.random). */
export const idFor = (paid: Paid, length = 36) => `pay_${paid.authorization.nonce.slice(2)}`.slice(0, length).padEnd(length, '0')

/**
 * A correct payment of the route's offer (by `payer`, default a fresh one) that echoes the route's extensions,
 * with `id` (or `id(paid)`) as its payment identifier (`null`: the payment-identifier extension is left out entirely).
 */
export async function payRoute(
  t: TestContext,
  route: ExtensionRoute,
  id: string | null | undefined | ((paid: Paid) => string),
  payer?: Signer,
): Promise<Paid> {
  const paid = await t.pay({ requirements: route.offer, wire: { resource: route.resource }, ...(payer ? { payer } : {}) })
  const extensions: Wire = { ...route.extensions }
  const declared = extensions[paymentIdentifierKey] as Wire | undefined
  if (id === null) delete extensions[paymentIdentifierKey]
  else if (declared !== undefined) {
    const chosen = typeof id === 'function' ? id(paid) : id
    const info = { ...(declared['info'] as Wire | undefined), ...(chosen === undefined ? {} : { id: chosen }) }
    extensions[paymentIdentifierKey] = { ...declared, info }
  }
  paid.payload['extensions'] = extensions
  return paid
}
