import { createPaywall, type PaywallOptions } from '../../src/server/createPaywall.js'
import { preflightResponse, serveFetch } from '../../src/server/serveFetch.js'

/** The marker in every paid body of the demo server: a case can check it never leaks. */
export const paidContentMarker = 'x402-conformance-paid-content'

/** Paths of the demo server: two paid resources and one whose handler fails. */
export const demoPaths = { data: '/paid/data', other: '/paid/other', fail: '/paid/fail' } as const

export type DemoServerOptions = {
  /** Base URL of the facilitator the paywall verifies and settles through. */
  facilitatorUrl: string
  payTo: string
  /** CAIP-2 network (or v1 name) of the offers. */
  network: string
  asset: { address: string; name: string; version: string }
  /** Atomic amount of every paid path (default 10000: 0.01 of a 6-decimals token). */
  price?: string | bigint
  version?: 1 | 2 | 'both'
  /** Default: a free port on 127.0.0.1. */
  port?: number
  /** Paywall settings: faulty steps (mutation check), a tracing fetch (demo). */
  paywall?: Pick<PaywallOptions, 'steps' | 'fetch'>
}

/** A running demo server: its base URL and the URLs of its paths. */
export type DemoServer = { url: string; paidUrl: string; otherUrl: string; failingUrl: string; close(): Promise<void> }

/**
 * The one demo resource server (embedded target, `serve server`, `demo`, interop tests): the reference
 * paywall in front of `/paid/data` and `/paid/other` (200 with {@link paidContentMarker} and the path) and
 * `/paid/fail` (the handler answers 500, or the 400–599 status asked by `?status=`).
 *
 * @example
 * const server = await startDemoServer({ facilitatorUrl, payTo, network: 'eip155:84532', asset })
 */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const route = (path: string) => ({
    path,
    price: options.price ?? '10000',
    asset: options.asset.address,
    assetDomain: { name: options.asset.name, version: options.asset.version },
    payTo: options.payTo,
    networks: options.network,
    description: `paid resource ${path}`,
    mimeType: 'application/json',
  })
  const paywall = createPaywall({
    routes: [route(demoPaths.data), route(demoPaths.other), route(demoPaths.fail)],
    facilitatorUrl: options.facilitatorUrl,
    version: options.version ?? 'both',
    verifyTimeoutMs: 3_000,
    settleTimeoutMs: 8_000,
    ...options.paywall,
  })
  const served = await serveFetch(
    (request) => paywall(request, async (r) => handle(r)),
    options.port === undefined ? {} : { port: options.port },
  )
  const at = (path: string) => `${served.url}${path}`
  const urls = { paidUrl: at(demoPaths.data), otherUrl: at(demoPaths.other), failingUrl: at(demoPaths.fail) }
  return { url: served.url, ...urls, close: served.close }
}

function handle(request: Request): Response {
  const url = new URL(request.url)
  if (request.method === 'OPTIONS') return preflightResponse()
  if (url.pathname.toLowerCase().startsWith(demoPaths.fail)) {
    const asked = Number(url.searchParams.get('status') ?? '500')
    const status = Number.isInteger(asked) && asked >= 400 && asked <= 599 ? asked : 500
    return Response.json({ error: 'the handler failed' }, { status })
  }
  return Response.json({ content: `${paidContentMarker} ${url.pathname}` })
}
