import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { X402Error } from '../errors/X402Error.js'
import { toNodeHandler, type FetchHandler } from './toNodeHandler.js'

/** A Fetch-API handler served on loopback: its base URL (no trailing slash) and how to stop it. */
export type ServedFetch = { url: string; close(): Promise<void> }

/** Largest request head accepted: payment headers may carry 16 KiB of base64 (http.header.size-limit). */
export const maxRequestHeadBytes = 64 * 1024

/**
 * Serves a Fetch-API handler with node:http on a loopback address (a free port unless one is given).
 * Node's default limit of 16 KiB for all headers together is raised so a 16 KiB payment header fits.
 *
 * @example
 * const { url, close } = await serveFetch((request) => paywall(request, seller))
 */
export async function serveFetch(handler: FetchHandler, options: { port?: number; host?: string } = {}): Promise<ServedFetch> {
  const host = options.host ?? '127.0.0.1'
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') throw new X402Error({ shortMessage: 'the reference server binds to loopback only', details: host })
  const server = createServer({ maxHeaderSize: maxRequestHeadBytes }, toNodeHandler(handler))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host === '::1' ? '[::1]' : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** The answer to a CORS preflight: the paywall leaves OPTIONS free, so the application answers it, without content. */
export function preflightResponse(): Response {
  return new Response(null, {
    status: 204,
    headers: { allow: 'GET, HEAD, POST, OPTIONS', 'access-control-allow-origin': '*', 'access-control-allow-headers': 'PAYMENT-SIGNATURE, X-PAYMENT, content-type' },
  })
}
