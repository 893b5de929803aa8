import { Agent, request } from 'node:http'
import { Agent as TlsAgent, request as tlsRequest } from 'node:https'

/** One request as the fuzzer sends it: any method, the path exactly as written (no normalisation). */
export type RawRequest = { method: string; path: string; headers: Record<string, string>; body?: string | undefined }

/** What came back: `status` 0 and `error` when no answer arrived (reset, refused, timeout). */
export type RawAnswer = { status: number; headers: Record<string, string>; text: string; ms: number; error?: string }

/** How much of an answer is kept: enough to find paid content and reasons, never a memory problem. */
const keepBytes = 256 * 1024

const agents = { http: new Agent({ keepAlive: true, maxSockets: 4 }), https: new TlsAgent({ keepAlive: true, maxSockets: 4 }) }

/**
 * Sends one raw request to `origin` (`http://host:port`) with node:http, which, unlike fetch, sends any
 * method token (TRACE, PROPFIND) and leaves `..`, `%00` and `;` in the path as written. `timeoutMs` bounds
 * the whole exchange by the wall clock (an answer dripped slowly is cut off, not only a silent one). Never throws.
 */
export function sendRaw(origin: string, req: RawRequest, timeoutMs: number): Promise<RawAnswer> {
  const started = performance.now()
  const url = new URL(origin)
  const secure = url.protocol === 'https:'
  return new Promise((resolve) => {
    let done = false
    let bound: NodeJS.Timeout | undefined
    const finish = (answer: Omit<RawAnswer, 'ms'>) => {
      if (done) return
      done = true
      clearTimeout(bound)
      resolve({ ...answer, ms: Math.round(performance.now() - started) })
    }
    const options = {
      host: url.hostname,
      port: url.port,
      method: req.method,
      path: req.path,
      headers: req.body === undefined ? req.headers : { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
      agent: secure ? agents.https : agents.http,
      // a 402 may echo a long URL in its challenge header: an answer, not node's 16 KiB header overflow
      maxHeaderSize: 256 * 1024,
    }
    const call = (secure ? tlsRequest : request)(options, (res) => {
      const chunks: Buffer[] = []
      let kept = 0
      res.on('data', (chunk: Buffer) => {
        if (kept < keepBytes) chunks.push(chunk)
        kept += chunk.length
      })
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v
      const end = () => finish({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') })
      res.on('end', end)
      res.on('error', end)
      res.on('aborted', end)
    })
    bound = setTimeout(() => {
      finish({ status: 0, headers: {}, text: '', error: `no answer within ${timeoutMs} ms` })
      call.destroy()
    }, timeoutMs)
    call.on('error', (error: NodeJS.ErrnoException) =>
      finish({ status: 0, headers: {}, text: '', error: error.code ?? error.message }),
    )
    call.end(req.body)
  })
}
