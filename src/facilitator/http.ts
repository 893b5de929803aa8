import type { IncomingMessage, ServerResponse } from 'node:http'

/** Result of reading a JSON request body: the value, or the status and message to answer with. */
export type ReadJsonResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413; error: string }

/** Default request body limit of the facilitator (bytes). */
export const defaultBodyLimit = 64 * 1024

/**
 * Reads a request body as JSON, refusing more than `limit` bytes (413) and anything that is not JSON (400).
 * Never throws.
 */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<ReadJsonResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) {
      req.resume()
      resolve({ ok: false, status: 413, error: `request body over ${limit} bytes` })
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const finish = (r: ReadJsonResult) => {
      if (done) return
      done = true
      resolve(r)
    }
    req.on('data', (chunk: Buffer) => {
      if (done) return
      size += chunk.length
      if (size > limit) {
        req.resume()
        finish({ ok: false, status: 413, error: `request body over ${limit} bytes` })
        return
      }
      chunks.push(chunk)
    })
    req.on('error', () => finish({ ok: false, status: 400, error: 'request body could not be read' }))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      if (text.trim() === '') return finish({ ok: false, status: 400, error: 'request body is empty; expected JSON' })
      try {
        finish({ ok: true, value: JSON.parse(text) as unknown })
      } catch (error) {
        finish({ ok: false, status: 400, error: `request body is not JSON: ${(error as Error).message}` })
      }
    })
  })
}

/** Writes `body` as JSON with `status`; safe to call once per response. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  })
  res.end(text)
}
