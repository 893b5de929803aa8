import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { X402Error } from '../errors/X402Error.js'
import { createPaywall } from './createPaywall.js'
import type { PaywallOptions } from './createPaywall.js'
import type { PaidRoute } from './routes.js'
import { toNodeHandler } from './toNodeHandler.js'

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
  const host = options.host ?? '127.0.0.1'
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') throw new X402Error({ shortMessage: 'the reference server binds to loopback only', details: host })
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
  const paywall = createPaywall({ ...options.paywall, routes: [route, ...(options.routes ?? [])], facilitatorUrl: options.facilitatorUrl, version: options.version ?? 'both' })
  const seller = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname
    // The paywall leaves OPTIONS free (CORS preflight): answer it without content.
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: { allow: 'GET, HEAD, POST, OPTIONS', 'access-control-allow-origin': '*', 'access-control-allow-headers': 'PAYMENT-SIGNATURE, X-PAYMENT, content-type' } })
    if (path === '/health') return Response.json({ status: 'ok' })
    if (/^\/paid\/fail\/?$/i.test(path)) return Response.json({ error: 'the handler failed' }, { status: 500 })
    if (/^\/paid/i.test(decodeURIComponent(path)) || (options.routes ?? []).length > 0) return Response.json({ paid: true, path, method: request.method })
    return Response.json({ error: 'not found' }, { status: 404 })
  }
  // Payment headers may be up to 16 KiB of base64 (http.header.size-limit): node's default 16 KiB for all headers is too small.
  const server = createServer({ maxHeaderSize: 64 * 1024 }, toNodeHandler((request) => paywall(request, seller)))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${host === '::1' ? '[::1]' : host}:${port}`
  return {
    url,
    paidUrl: `${url}/paid`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
