import { createPaywall } from './createPaywall.js'
import type { PaywallOptions } from './createPaywall.js'
import { createRouteMatcher } from './routeMatcher.js'
import type { PaidRoute } from './routes.js'
import { preflightResponse, serveFetch } from './serveFetch.js'

/** Options of {@link startResourceServer}: one paid route, `/paid`, priced as given. */
export type ResourceServerOptions = {
  facilitatorUrl: string
  payTo: string
  /** Atomic amount. */
  price: string | bigint
  /** CAIP-2 or v1 name. */
  network: string
  /** Token address (default: the network's USDC). */
  asset?: string
  assetDomain?: { name: string; version: string }
  version?: 1 | 2 | 'both'
  port?: number
  host?: string
  /** Extra paid routes, served by the same demo handler. */
  routes?: readonly PaidRoute[]
  paywall?: Omit<PaywallOptions, 'routes' | 'facilitatorUrl' | 'version'>
}

/** A running resource server: base URL (no trailing slash) and the paid resource's URL. */
export type RunningResourceServer = { url: string; paidUrl: string; close(): Promise<void> }

/**
 * A small resource server on 127.0.0.1: `GET /paid` costs `price`, `GET /health` is free, other
 * paths are 404. The paid handler answers `{ paid: true, path, method }` (and `/paid/fail` answers
 * 500, which is never charged).
 *
 * @example
 * const s = await startResourceServer({ facilitatorUrl, payTo, price: '10000', network: 'eip155:84532' })
 */
export async function startResourceServer(options: ResourceServerOptions): Promise<RunningResourceServer> {
  const route: PaidRoute = {
    path: '/paid/*',
    price: options.price,
    payTo: options.payTo,
    networks: options.network,
    description: 'A paid example resource',
    mimeType: 'application/json',
    ...(options.asset ? { asset: options.asset } : {}),
    ...(options.assetDomain ? { assetDomain: options.assetDomain } : {}),
  }
  const routes = [route, ...(options.routes ?? [])]
  const paywall = createPaywall({
    ...options.paywall,
    routes,
    facilitatorUrl: options.facilitatorUrl,
    version: options.version ?? 'both',
  })
  // the handler serves exactly what the paywall protects: one matcher for both
  const paid = createRouteMatcher(routes)
  const seller = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname
    if (request.method === 'OPTIONS') return preflightResponse()
    if (path === '/health') return Response.json({ status: 'ok' })
    const hit = paid(request.method, request.url)
    if (typeof hit === 'string') return Response.json({ error: 'not found' }, { status: 404 })
    if (/^\/paid\/fail\/?$/i.test(path)) return Response.json({ error: 'the handler failed' }, { status: 500 })
    return Response.json({ paid: true, path, method: request.method })
  }
  const served = await serveFetch((request) => paywall(request, seller), {
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
  })
  return { url: served.url, paidUrl: `${served.url}/paid`, close: served.close }
}
