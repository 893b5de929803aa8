import { createPaywall, type PaywallOptions } from '../../src/server/createPaywall.js'
import { createJsonLogger } from '../../src/loopback/jsonLogger.js'
import { createRouteMatcher } from '../../src/server/routeMatcher.js'
import type { RouteMatcher } from '../../src/server/routeMatcher.js'
import type { PaidRoute } from '../../src/server/routes.js'
import { preflightResponse, serveFetch } from '../../src/server/serveFetch.js'
import { settlementOverridesHeader } from '../../src/server/upto.js'

/** The marker in every paid body of the demo server: a case can check it never leaks. */
export const paidContentMarker = 'x402-conformance-paid-content'

/**
 * Paths of the demo server: two paid resources and one whose handler fails (`authorization` flow), and an
 * `upfront` resource and an `upfront` route whose handler fails.
 */
export const demoPaths = {
  data: '/paid/data',
  other: '/paid/other',
  fail: '/paid/fail',
  upfront: '/paid/upfront',
  upfrontFail: '/paid/upfront-fail',
  /** payment-identifier required (spec/11-extensions.md). */
  order: '/paid/order',
  /** A bazaar declaration and an optional payment-identifier. */
  catalog: '/paid/catalog',
  /** `exact` paid through Permit2 in the Permit2-only token (spec/07-permit2.md). */
  permit2: '/paid/permit2',
  /** `upto` with the price as maximum; the handler charges `?charge=` (atomic units), else half the maximum. */
  upto: '/paid/upto',
} as const

/** The extensions of the demo's `order` and `catalog` routes. */
const demoExtensions: Record<string, PaidRoute['extensions']> = {
  [demoPaths.order]: { paymentIdentifier: { required: true } },
  [demoPaths.catalog]: {
    paymentIdentifier: { required: false },
    bazaar: {
      method: 'GET',
      queryParams: { city: 'Lisbon' },
      queryParamsSchema: { properties: { city: { type: 'string' } }, required: ['city'] },
      output: { example: { content: paidContentMarker }, schema: { properties: { content: { type: 'string' } } } },
    },
  },
}

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
  paywall?: Pick<PaywallOptions, 'steps' | 'fetch' | 'settleTimeoutMs'>
  /** JSON-line logs of the paywall on stderr (`serve server --log`). */
  log?: boolean
  /** Which paths the handler serves (default: the paywall's own matcher); the mutation check injects looser ones. */
  handlerMatcher?: (routes: readonly PaidRoute[]) => RouteMatcher
  /**
   * The Permit2 routes, paid in `token` (an ERC-20 without EIP-3009): exact-Permit2 always, upto when the
   * facilitator's address is given or its /supported names one for upto on the network. Absent: no such routes.
   */
  permit2?: { token: string; facilitatorAddress?: string | undefined }
}

/** A running demo server: its base URL and the URLs of its paths. */
export type DemoServer = {
  url: string
  paidUrl: string
  otherUrl: string
  failingUrl: string
  upfrontUrl: string
  upfrontFailingUrl: string
  /** The exact-Permit2 and upto routes, when the server has them. */
  permit2Url?: string
  uptoUrl?: string
  close(): Promise<void>
}

/**
 * The one demo resource server (embedded target, `serve server`, `demo`, interop tests): the reference
 * paywall in front of `/paid/data` and `/paid/other` (200 with {@link paidContentMarker} and the path) and
 * `/paid/fail` (the handler answers 500, or the 400–599 status asked by `?status=`).
 *
 * @example
 * const server = await startDemoServer({ facilitatorUrl, payTo, network: 'eip155:84532', asset })
 */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const route = (path: string, paymentFlow: 'authorization' | 'upfront' = 'authorization') => ({
    path,
    price: options.price ?? '10000',
    asset: options.asset.address,
    assetDomain: { name: options.asset.name, version: options.asset.version },
    payTo: options.payTo,
    networks: options.network,
    description: `paid resource ${path}`,
    mimeType: 'application/json',
    paymentFlow,
  })
  const routes = [
    route(demoPaths.data),
    route(demoPaths.other),
    route(demoPaths.fail),
    route(demoPaths.upfront, 'upfront'),
    route(demoPaths.upfrontFail, 'upfront'),
    ...[demoPaths.order, demoPaths.catalog].map((path) => ({ ...route(path), extensions: demoExtensions[path] })),
    ...(await permit2Routes(options)),
  ]
  const paid = (options.handlerMatcher ?? createRouteMatcher)(routes)
  const paywall = createPaywall({
    routes,
    facilitatorUrl: options.facilitatorUrl,
    version: options.version ?? 'both',
    // 6 s: at 3 s a correct payment was answered 503 when the machine ran ten times more work than cores
    verifyTimeoutMs: 6_000,
    // past the reference facilitator's 10 s receipt wait, so its settlement_pending reaches the paywall
    settleTimeoutMs: 12_000,
    ...options.paywall,
    ...(options.log ? { log: createJsonLogger('server') } : {}),
  })
  const served = await serveFetch(
    (request) => paywall(request, async (r) => handle(r, paid)),
    options.port === undefined ? {} : { port: options.port },
  )
  const at = (path: string) => `${served.url}${path}`
  const urls = {
    paidUrl: at(demoPaths.data),
    otherUrl: at(demoPaths.other),
    failingUrl: at(demoPaths.fail),
    upfrontUrl: at(demoPaths.upfront),
    upfrontFailingUrl: at(demoPaths.upfrontFail),
  }
  const has = (path: string) => routes.some((r) => r.path === path)
  const permit2Urls = {
    ...(has(demoPaths.permit2) ? { permit2Url: at(demoPaths.permit2) } : {}),
    ...(has(demoPaths.upto) ? { uptoUrl: at(demoPaths.upto) } : {}),
  }
  return { url: served.url, ...urls, ...permit2Urls, close: served.close }
}

/** The demo's exact-Permit2 and upto routes (see {@link DemoServerOptions.permit2}). */
async function permit2Routes(options: DemoServerOptions): Promise<PaidRoute[]> {
  if (options.permit2 === undefined) return []
  const route = (path: string): PaidRoute => ({
    path,
    price: options.price ?? '10000',
    asset: options.permit2!.token,
    payTo: options.payTo,
    networks: options.network,
    description: `paid resource ${path}`,
    mimeType: 'application/json',
    assetTransferMethod: 'permit2',
  })
  const facilitatorAddress = options.permit2.facilitatorAddress ?? (await uptoFacilitator(options))
  const upto = facilitatorAddress === undefined ? [] : [{ ...route(demoPaths.upto), scheme: 'upto' as const, facilitatorAddress }]
  return [route(demoPaths.permit2), ...upto]
}

/** The `extra.facilitatorAddress` the facilitator's /supported names for upto on the network, if any. */
async function uptoFacilitator(options: DemoServerOptions): Promise<string | undefined> {
  try {
    const res = await fetch(new URL('supported', `${options.facilitatorUrl.replace(/\/$/, '')}/`), {
      signal: AbortSignal.timeout(3_000),
    })
    const kinds = ((await res.json()) as { kinds?: unknown }).kinds
    const upto = (Array.isArray(kinds) ? (kinds as Record<string, unknown>[]) : []).find(
      (k) => k?.['scheme'] === 'upto' && k['network'] === options.network,
    )
    const address = (upto?.['extra'] as Record<string, unknown> | undefined)?.['facilitatorAddress']
    return typeof address === 'string' ? address : undefined
  } catch {
    return undefined
  }
}

/** The application behind the paywall: serves paid content only where the paywall's matcher matches. */
function handle(request: Request, paid: RouteMatcher): Response {
  const url = new URL(request.url)
  if (request.method === 'OPTIONS') return preflightResponse()
  const hit = paid(request.method, request.url)
  if (typeof hit === 'string') return Response.json({ error: 'not found' }, { status: 404 })
  if (hit.route.route.path === demoPaths.fail || hit.route.route.path === demoPaths.upfrontFail) {
    const asked = Number(url.searchParams.get('status') ?? '500')
    const status = Number.isInteger(asked) && asked >= 400 && asked <= 599 ? asked : 500
    return Response.json({ error: 'the handler failed' }, { status })
  }
  if (hit.route.route.path === demoPaths.upto) return metered(url, BigInt(hit.route.route.price))
  return Response.json({ content: `${paidContentMarker} ${url.pathname}` })
}

/** The upto route's answer: charges `?charge=` when it is an atomic amount, else half the maximum. */
function metered(url: URL, maximum: bigint): Response {
  const asked = url.searchParams.get('charge') ?? ''
  const amount = /^[0-9]{1,78}$/.test(asked) ? BigInt(asked) : maximum / 2n
  return Response.json(
    { content: `${paidContentMarker} ${url.pathname}`, charged: amount.toString() },
    { headers: { [settlementOverridesHeader]: JSON.stringify({ amount: amount.toString() }) } },
  )
}
