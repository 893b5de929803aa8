import { createServer } from 'node:http'
import type { RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { LoopbackOnlyError } from '../errors/config.js'

/** A listener served on loopback: its base URL (no trailing slash) and how to stop it. */
export type Listening = { url: string; close(): Promise<void> }

/** Options of {@link listenLoopback}. */
export type ListenLoopbackOptions = {
  /** A free port unless given. */
  port?: number | undefined
  /** `127.0.0.1` (default), `localhost` or `::1`. */
  host?: string | undefined
  /** Who listens, for the error message (e.g. "the reference facilitator"). */
  who?: string | undefined
}

/** Largest request head accepted: payment headers may carry 16 KiB of base64 (http.header.size-limit). */
export const maxRequestHeadBytes = 64 * 1024

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1'])

/**
 * Serves a node:http request listener on a loopback address: the one listener of the reference roles.
 * Node's default limit of 16 KiB for all headers together is raised so a 16 KiB payment header fits;
 * `close()` ends open connections too.
 *
 * @example
 * const { url, close } = await listenLoopback((req, res) => res.end('ok'))
 */
export async function listenLoopback(listener: RequestListener, options: ListenLoopbackOptions = {}): Promise<Listening> {
  const host = assertLoopbackHost(options.host, options.who)
  const server = createServer({ maxHeaderSize: maxRequestHeadBytes, keepAliveTimeout: 5_000 }, listener)
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

/** The host to listen on (default `127.0.0.1`); throws unless it is a loopback address. */
export function assertLoopbackHost(host = '127.0.0.1', who = 'the reference server'): string {
  if (!loopbackHosts.has(host)) throw new LoopbackOnlyError({ who, host })
  return host
}
