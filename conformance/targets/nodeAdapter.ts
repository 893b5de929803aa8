import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { toNodeHandler } from '../../src/server/toNodeHandler.js'
import type { FetchHandler } from '../../src/server/toNodeHandler.js'

/** Serves a Fetch-API handler on 127.0.0.1 (a free port) with the reference node adapter. */
export async function serveFetch(handler: FetchHandler): Promise<{ url: string; close(): Promise<void> }> {
  // Header values of at least 16 KiB must be accepted (http.header.size-limit); node's default caps all headers at 16 KiB.
  const server = createServer({ maxHeaderSize: 64 * 1024 }, toNodeHandler(handler))
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
