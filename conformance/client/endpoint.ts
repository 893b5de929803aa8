import { createServer } from 'node:http'
import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readSeenPayment } from './payments.js'
import type { SeenPayment } from './payments.js'

/** One request the client under test sent to the case's endpoint. */
export type Hit = {
  readonly index: number
  readonly method: string
  /** Path and query. */
  readonly path: string
  readonly headers: Record<string, string>
  readonly payment: SeenPayment | undefined
  /** The request body as text (the first {@link maxBody} characters; filled once read). */
  body: string
  /** What the endpoint answered (filled once it answered). */
  reply?: Reply
}

/** What the endpoint answers. */
export type Reply = { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string }

/** The case's server behaviour: the answer to each request (they are numbered from 0). */
export type Play = (hit: Hit, endpoint: { readonly origin: string }) => Reply | Promise<Reply>

/** A running paid endpoint on 127.0.0.1. */
export type Endpoint = { readonly origin: string; readonly hits: readonly Hit[]; close(): Promise<void> }

/** Most requests one invocation may send before the endpoint stops answering (a client in a loop). */
export const maxHits = 64

/** Characters of a request body kept. */
const maxBody = 64 * 1024

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value
  return out
}

/**
 * Starts the case's paid endpoint on 127.0.0.1 (a free port): records every request with its decoded payment
 * header and answers as `play` says. After {@link maxHits} requests it closes connections without answering.
 */
export async function startEndpoint(play: Play): Promise<Endpoint> {
  const hits: Hit[] = []
  let origin = ''
  const server = createServer(async (req, res) => {
    if (hits.length >= maxHits) {
      res.destroy()
      return
    }
    const headers = headersOf(req)
    const hit: Hit = {
      index: hits.length,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers,
      payment: readSeenPayment(headers),
      body: '',
    }
    hits.push(hit)
    // The body is read (a client must not send its key in it) up to a cap, the rest drained.
    req.setEncoding('utf8')
    try {
      for await (const chunk of req) if (hit.body.length < maxBody) hit.body += String(chunk).slice(0, maxBody - hit.body.length)
    } catch {}
    Promise.resolve()
      .then(() => play(hit, { origin }))
      .then(
        (reply): Reply => reply,
        (error: Error): Reply => ({ status: 500, body: `harness endpoint failed: ${error.message}` }),
      )
      .then((reply) => {
        hit.reply = reply
        if (res.destroyed) return
        res.writeHead(reply.status, { 'cache-control': 'no-store', ...reply.headers })
        res.end(reply.body ?? '')
      })
  })
  server.maxHeadersCount = 200
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
