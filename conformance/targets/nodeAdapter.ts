import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Serves a Fetch-API handler on 127.0.0.1 (a free port); resolves to its origin and a closer. */
export async function serveFetch(handler: (request: Request) => Promise<Response>): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = []
      for await (const c of req) chunks.push(c as Buffer)
      const headers = new Headers()
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v)
      const method = req.method ?? 'GET'
      const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks)
      const request = new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, { method, headers, ...(body ? { body } : {}) })
      const response = await handler(request)
      const out: Record<string, string> = {}
      response.headers.forEach((v, k) => {
        out[k] = v
      })
      res.writeHead(response.status, out)
      res.end(method === 'HEAD' ? undefined : Buffer.from(await response.arrayBuffer()))
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: String((error as Error)?.message ?? error) }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
