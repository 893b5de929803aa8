import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'

/** Methods a Fetch-API Request cannot carry (TRACE echoes the request, CONNECT opens a tunnel). */
const forbiddenMethods = new Set(['TRACE', 'TRACK', 'CONNECT'])
const allowedMethods = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS'

/** A Fetch-API handler. */
export type FetchHandler = (request: Request) => Promise<Response>

/**
 * Adapts a Fetch-API handler to node:http. The request URL is built from the Host header; TRACE,
 * TRACK and CONNECT are answered 405; a handler that throws answers 500 without details.
 *
 * @example
 * createServer(toNodeHandler((request) => paywall(request, seller))).listen(4021, '127.0.0.1')
 */
export function toNodeHandler(handler: FetchHandler): RequestListener {
  return (req, res) => {
    serve(handler, req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' })
        res.end(JSON.stringify({ error: 'internal error' }))
      } else res.destroy()
    })
  }
}

async function serve(handler: FetchHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const host = req.headers.host ?? `${req.socket.localAddress ?? '127.0.0.1'}:${req.socket.localPort ?? 80}`
  const method = req.method ?? 'GET'
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    if (Array.isArray(value)) for (const v of value) headers.append(name, v)
    else headers.set(name, value)
  }
  let url: URL
  try {
    const target = req.url ?? '/'
    // origin-form is appended as is: `new URL('//x/paid', base)` would read `x` as a host
    url = target.startsWith('/') ? new URL(`http://${host}${target}`) : new URL(target)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('not http')
  } catch {
    res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' })
    res.end(JSON.stringify({ error: 'the request target or Host header is not valid' }))
    return
  }
  if (forbiddenMethods.has(method.toUpperCase())) {
    // the Fetch API cannot represent these (new Request throws): refuse them instead of failing
    res.writeHead(405, { 'content-type': 'application/json; charset=utf-8', allow: allowedMethods })
    res.end(JSON.stringify({ error: `method ${method} is not allowed` }))
    req.resume()
    return
  }
  const hasBody = method !== 'GET' && method !== 'HEAD'
  const request = new Request(url, {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
  } as RequestInit)
  const response = await handler(request)
  const out: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') return
    out[name] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) out['set-cookie'] = cookies
  if (response.statusText) res.writeHead(response.status, response.statusText, out)
  else res.writeHead(response.status, out)
  if (method === 'HEAD' || response.body === null) {
    await response.body?.cancel().catch(() => undefined)
    res.end()
    return
  }
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk)
  res.end()
}
