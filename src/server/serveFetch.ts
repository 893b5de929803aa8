import { listenLoopback, maxRequestHeadBytes } from '../loopback/listenLoopback.js'
import type { Listening } from '../loopback/listenLoopback.js'
import { toNodeHandler, type FetchHandler } from './toNodeHandler.js'

export { maxRequestHeadBytes }

/** A Fetch-API handler served on loopback: its base URL (no trailing slash) and how to stop it. */
export type ServedFetch = Listening

/**
 * Serves a Fetch-API handler with node:http on a loopback address (a free port unless one is given),
 * through the one loopback listener ({@link listenLoopback}: 64 KiB request heads).
 *
 * @example
 * const { url, close } = await serveFetch((request) => paywall(request, seller))
 */
export function serveFetch(handler: FetchHandler, options: { port?: number; host?: string } = {}): Promise<ServedFetch> {
  return listenLoopback(toNodeHandler(handler), { ...options, who: 'the reference server' })
}

/** The answer to a CORS preflight: the paywall leaves OPTIONS free, so the application answers it, without content. */
export function preflightResponse(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      allow: 'GET, HEAD, POST, OPTIONS',
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'PAYMENT-SIGNATURE, X-PAYMENT, content-type',
    },
  })
}
