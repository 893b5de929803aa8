import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A JSON-RPC proxy in front of the harness chain, handed to the implementation so the harness can cut it off. */
export type RpcProxy = { readonly url: string; setDown(down: boolean): void; close(): Promise<void> }

/** Starts the proxy on 127.0.0.1; while `down`, every request's connection is dropped. */
export async function startRpcProxy(upstream: string): Promise<RpcProxy> {
  let down = false
  const server = createServer((req, res) => {
    if (down) {
      req.socket.destroy()
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      fetch(upstream, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.concat(chunks),
        signal: AbortSignal.timeout(60_000),
      })
        .then(async (r) => {
          const text = await r.text()
          res.writeHead(r.status, { 'content-type': 'application/json' })
          res.end(text)
        })
        .catch(() => req.socket.destroy())
    })
  })
  server.keepAliveTimeout = 1_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    setDown(value) {
      down = value
      if (value) server.closeAllConnections()
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
