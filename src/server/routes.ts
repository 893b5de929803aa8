import { RouteConfigError } from '../errors/config.js'
import { findEvmNetwork } from '../networks/registry.js'
import type { PaymentRequirementsV1 } from '../types/v1.js'
import type { PaymentRequirementsV2 } from '../types/v2.js'
import { compilePath, normalizePath, pathMatches } from './paths.js'
import type { RouteExtensions } from './bazaar.js'
import type { PathPattern } from './paths.js'

/** How one paid route is priced and paid. */
export type PaidRoute = {
  /** `/weather` (that path) or `/reports/*` (the path and everything under it); case, slashes and encoding do not matter. */
  path: string
  /** Methods that are paid (default: every method but OPTIONS). */
  methods?: readonly string[]
  /** Price in atomic units of the asset (e.g. `'10000'` is 0.01 USDC). */
  price: string | bigint
  /** Token address; default: the network's USDC. */
  asset?: string
  /** EIP-712 domain of the asset (default: the network's USDC name and version). */
  assetDomain?: { name: string; version: string }
  payTo: string
  /** One or more networks, CAIP-2 (`eip155:84532`) or v1 names. */
  networks: string | readonly string[]
  /** Default 60. */
  maxTimeoutSeconds?: number
  description?: string
  mimeType?: string
  /**
   * `authorization` (default: verify, run the handler, settle when it answered below 400) or `upfront`
   * (settle first, then run the handler; a handler failure after settlement stays charged and carries
   * the receipt). Announced in every offer as `extra.paymentFlow` when not `authorization`.
   */
  paymentFlow?: PaymentFlow
  /** Extensions announced in the v2 challenge: payment-identifier, bazaar (spec/11-extensions.md). */
  extensions?: RouteExtensions
  /**
   * `eip3009` (default) or `permit2`: the exact offer names `extra.assetTransferMethod: "permit2"` and is made
   * in v2 only, for a token without EIP-3009 (spec/07-permit2.md); `assetDomain` may then be omitted.
   */
  assetTransferMethod?: 'eip3009' | 'permit2'
  /**
   * `exact` (default) or `upto`: `price` is then the maximum the payer authorizes, and the handler names the
   * amount actually charged in its `Settlement-Overrides` response header (src/server/upto.ts). An upto route
   * pays through Permit2, in v2 only, in the `authorization` flow, and needs `facilitatorAddress`.
   */
  scheme?: 'exact' | 'upto'
  /** upto: the facilitator's settling address (its /supported `extra.facilitatorAddress`), announced in the offer. */
  facilitatorAddress?: string
}

/** How a route takes its payment (spec/09-flows.md). */
export type PaymentFlow = 'authorization' | 'upfront'

/** One accepted way to pay, in both wire forms. */
export type Offer = { v1: PaymentRequirementsV1 | undefined; v2: PaymentRequirementsV2 }

/** A route ready for matching. */
export type CompiledRoute = {
  readonly route: PaidRoute
  readonly pattern: PathPattern
  readonly methods: readonly string[] | undefined
  /** Offers without `resource` (v1 gets the URL per request). */
  readonly offers: readonly Offer[]
}

/** Checks a route config and computes its offers; throws a {@link RouteConfigError} for a bad config. */
export function compileRoute(route: PaidRoute): CompiledRoute {
  const problem = (details: string) => new RouteConfigError({ path: route.path, problem: details })
  if (!route.path.startsWith('/')) throw problem('path must start with /')
  const price = typeof route.price === 'bigint' ? route.price.toString() : route.price
  if (!/^(?:0|[1-9][0-9]*)$/.test(price)) throw problem(`price must be an atomic integer amount, got ${price}`)
  if (!/^0x[0-9a-fA-F]{40}$/.test(route.payTo)) throw problem(`payTo must be an address, got ${route.payTo}`)
  const networks = typeof route.networks === 'string' ? [route.networks] : route.networks
  if (networks.length === 0) throw problem('at least one network is required')
  const flow = route.paymentFlow ?? 'authorization'
  if (flow !== 'authorization' && flow !== 'upfront')
    throw problem(`paymentFlow must be authorization or upfront, got ${String(flow)}`)
  const scheme = route.scheme ?? 'exact'
  if (scheme !== 'exact' && scheme !== 'upto') throw problem(`scheme must be exact or upto, got ${String(scheme)}`)
  const upto = scheme === 'upto'
  if (upto && flow !== 'authorization') throw problem('an upto route settles after its handler: paymentFlow authorization')
  if (upto && route.assetTransferMethod === 'eip3009') throw problem('an upto route pays through permit2, not eip3009')
  if (upto && !/^0x[0-9a-fA-F]{40}$/.test(route.facilitatorAddress ?? ''))
    throw problem(`an upto route needs facilitatorAddress, got ${String(route.facilitatorAddress)}`)
  const offers = networks.map((name): Offer => {
    const net = findEvmNetwork(name)
    const chainId = /^eip155:([1-9][0-9]*)$/.exec(name)?.[1]
    const caip2 = net?.caip2 ?? (chainId === undefined ? undefined : `eip155:${chainId}`)
    if (caip2 === undefined) throw problem(`unknown network ${name}`)
    const asset = route.asset ?? net?.defaultAsset?.address
    if (asset === undefined) throw problem(`network ${name} has no default asset; give asset and assetDomain`)
    const sameAsDefault = net?.defaultAsset && net.defaultAsset.address.toLowerCase() === asset.toLowerCase()
    const permit2 = upto || route.assetTransferMethod === 'permit2'
    const domain =
      route.assetDomain ?? (sameAsDefault ? { name: net.defaultAsset!.name, version: net.defaultAsset!.version } : undefined)
    if (domain === undefined && !permit2) throw problem(`asset ${asset} is not the default of ${name}; give assetDomain`)
    const extra = {
      ...(domain ? { name: domain.name, version: domain.version } : {}),
      ...(flow === 'authorization' ? {} : { paymentFlow: flow }),
      ...(permit2 ? { assetTransferMethod: 'permit2' } : {}),
      ...(upto ? { facilitatorAddress: route.facilitatorAddress } : {}),
    }
    const maxTimeoutSeconds = route.maxTimeoutSeconds ?? 60
    const v2: PaymentRequirementsV2 = {
      scheme,
      network: caip2,
      amount: price,
      asset,
      payTo: route.payTo,
      maxTimeoutSeconds,
      extra,
    }
    const v1Name = net?.v1Name
    const v1: PaymentRequirementsV1 | undefined =
      v1Name === undefined || v1Name === null || permit2
        ? undefined
        : {
            scheme: 'exact',
            network: v1Name,
            maxAmountRequired: price,
            resource: '',
            description: route.description ?? '',
            mimeType: route.mimeType ?? 'application/json',
            payTo: route.payTo,
            maxTimeoutSeconds,
            asset,
            extra,
          }
    return { v1, v2 }
  })
  return { route, pattern: compilePath(route.path), methods: route.methods?.map((m) => m.toUpperCase()), offers }
}

/** The paid route a request hits (first match), or undefined when it is free. */
export function findRoute(routes: readonly CompiledRoute[], method: string, normalizedPath: string): CompiledRoute | undefined {
  const m = method.toUpperCase()
  return routes.find(
    (r) =>
      (r.methods === undefined ? m !== 'OPTIONS' : r.methods.includes(m) || (m === 'HEAD' && r.methods.includes('GET'))) &&
      pathMatches(r.pattern, normalizedPath),
  )
}

export { normalizePath }
