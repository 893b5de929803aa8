import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { listenLoopback } from '../loopback/listenLoopback.js'
import type { Listening } from '../loopback/listenLoopback.js'
import { redirectMethod, sendPaid } from './sendPaid.js'

// A real node:http server on 127.0.0.1: `/go?status=N&to=PATH` redirects, any other path echoes what arrived.

type Seen = { method: string; path: string; body: string; type: string | undefined; paid: boolean }
let server: Listening
const seen: Seen[] = []

beforeAll(async () => {
  server = await listenLoopback(async (req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    for await (const chunk of req) body += String(chunk)
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    seen.push({
      method: req.method ?? '',
      path: url.pathname,
      body,
      type: req.headers['content-type'],
      paid: req.headers['payment-signature'] !== undefined,
    })
    if (url.pathname === '/go')
      res.writeHead(Number(url.searchParams.get('status')), { location: url.searchParams.get('to') ?? '/' }).end()
    else res.writeHead(200).end('done')
  })
})
afterAll(() => server?.close())

function paidRequest(path: string, method: string, body?: string) {
  const headers = { 'payment-signature': 'eyJwYWlkIjp0cnVlfQ==', 'content-type': 'text/plain' }
  return new Request(`${server.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) })
}

describe('sendPaid redirects', () => {
  test.each([
    [301, 'POST', 'GET'],
    [302, 'POST', 'GET'],
    [302, 'PUT', 'PUT'],
    [301, 'DELETE', 'DELETE'],
    [302, 'PATCH', 'PATCH'],
    [303, 'PUT', 'GET'],
    [303, 'HEAD', 'HEAD'],
    [307, 'POST', 'POST'],
    [308, 'PATCH', 'PATCH'],
  ] as const)('redirectMethod(%i, %s) is %s', (status, method, expected) => {
    expect(redirectMethod(status, method)).toBe(expected)
  })
  test.each([
    [302, 'PUT', 'PUT', 'q=1', 'text/plain'],
    [302, 'POST', 'GET', '', undefined],
    [303, 'DELETE', 'GET', '', undefined],
    [307, 'POST', 'POST', 'q=1', 'text/plain'],
  ] as const)('a %i to a %s is followed as a %s with the payment', async (status, method, expected, body, type) => {
    seen.length = 0
    const response = await sendPaid(fetch, paidRequest(`/go?status=${status}&to=/there`, method, 'q=1'), 'payment-signature')
    expect(response.status).toBe(200)
    expect(seen[1]).toEqual({ method: expected, path: '/there', body, type, paid: true })
  })
  test('a Location that is not an http(s) URL is not followed', async () => {
    seen.length = 0
    const response = await sendPaid(fetch, paidRequest('/go?status=302&to=data:text/plain,hi', 'GET'), 'payment-signature')
    expect(response.status).toBe(302)
    expect(seen).toHaveLength(1)
  })
  test("a browser's opaque answer to a manual redirect (status 0, no Location) is returned as it is", async () => {
    const opaque = Response.error()
    Object.defineProperty(opaque, 'type', { value: 'opaqueredirect' })
    const sent: Request[] = []
    const browserLike: typeof fetch = async (input, init) => {
      sent.push(new Request(input, init))
      return opaque
    }
    const response = await sendPaid(browserLike, paidRequest('/go?status=302&to=/there', 'GET'), 'payment-signature')
    expect(response).toBe(opaque)
    expect(sent).toHaveLength(1)
    expect(sent[0]!.redirect).toBe('manual')
  })
})
