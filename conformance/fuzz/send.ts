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
 * method token (TRACE, PROPFIND) and leaves `..`, `%00` and `;` in the path as written. Never throws.
 */
export function sendRaw(origin: string, req: RawRequest, timeoutMs: number): Promise<RawAnswer> {
  const started = performance.now()
  const url = new URL(origin)
  const secure = url.protocol === 'https:'
  return new Promise((resolve) => {
    let done = false
    const finish = (answer: Omit<RawAnswer, 'ms'>) => {
      if (done) return
      done = true
      resolve({ ...answer, ms: Math.round(performance.now() - started) })
    }
    const options = {
      host: url.hostname,
      port: url.port,
      method: req.method,
      path: req.path,
      headers: req.body === undefined ? req.headers : { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
      agent: secure ? agents.https : agents.http,
      timeout: timeoutMs,
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
    call.on('timeout', () => {
      call.destroy()
      finish({ status: 0, headers: {}, text: '', error: `no answer within ${timeoutMs} ms` })
    })
    call.on('error', (error: NodeJS.ErrnoException) =>
      finish({ status: 0, headers: {}, text: '', error: error.code ?? error.message }),
    )
    call.end(req.body)
  })
}

/** True when `path` and `headers` can be sent at all (node:http refuses control characters). */
export function sendable(req: RawRequest): boolean {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(req.method) || /[\u0000-\u0020\u007f-\uffff]/.test(req.path)) return false
  return Object.entries(req.headers).every(
    ([k, v]) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k) && !/[\u0000-\u0008\u000a-\u001f\u007f\u0100-\uffff]/.test(v),
  )
}
