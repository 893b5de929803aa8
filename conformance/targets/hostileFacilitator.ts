import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { HostileBehaviour, HostileMode } from '../context/types.js'

/** A facilitator proxy the harness controls: forwards to a real facilitator, or misbehaves per payer. */
export type HostileFacilitator = {
  readonly url: string
  /** Sets the behaviour for payments whose authorization is from `payer`. */
  set(payer: string, mode: HostileMode): void
  /** How many /verify and /settle requests named `payer` so far. */
  calls(payer: string): { verify: number; settle: number }
  /** Requests received and not answered yet (the caller waits for the harness). */
  pending(): number
  close(): Promise<void>
}

const bodyLimit = 1 << 20
/**
 * How long `slow` holds a call without answering: far beyond any case's wait (server.hostile waits 100 s), so a
 * server with no timeout of its own is still waiting when the case gives up. Then the socket is dropped, never
 * answered, so the proxy's `pending` (which pauses hang detection) cannot stay raised for the rest of a run.
 */
const slowHoldMs = 300_000
/** Trailing JSON whitespace of the `huge` answers: still one valid JSON value, over 16 MiB long. */
const hugePadding = 16 << 20
/** A transaction hash no chain has: what the redirect target claims for a settlement. */
const fabricatedTransaction = `0x${'ab'.repeat(32)}`

function payerOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { paymentPayload?: { payload?: { authorization?: { from?: unknown } } } }
    const from = parsed.paymentPayload?.payload?.authorization?.from
    return typeof from === 'string' ? from.toLowerCase() : undefined
  } catch {
    return undefined
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > bodyLimit) reject(new Error('body too large'))
      else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * Starts the proxy on 127.0.0.1 in front of `upstream` (a facilitator base URL), on `port` (default: a free one;
 * a fixed port is where a server started beforehand was told its facilitator is). Rejects when the port is taken.
 */
export async function startHostileFacilitator(upstream: string, network: string, port = 0): Promise<HostileFacilitator> {
  const modes = new Map<string, HostileMode>()
  const counts = new Map<string, { verify: number; settle: number }>()
  const base = upstream.replace(/\/+$/, '')
  let self = ''
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = req.method === 'POST' ? await readBody(req) : ''
    const endpoint = req.url?.replace(/\?.*$/, '').replace(/\/+$/, '') ?? ''
    const payer = payerOf(body)
    if (endpoint.startsWith('/redirected/')) {
      // where `redirect` sends a server: another host's verdicts, lies a server must never act on
      res.writeHead(200, { 'content-type': 'application/json' })
      const settle = endpoint.endsWith('/settle')
      const lie = settle ? { success: true, transaction: fabricatedTransaction, network, payer } : { isValid: true, payer }
      res.end(JSON.stringify(lie))
      return
    }
    const mode = payer ? modes.get(payer) : undefined
    if (payer && (endpoint === '/verify' || endpoint === '/settle')) {
      const c = counts.get(payer) ?? { verify: 0, settle: 0 }
      c[endpoint === '/verify' ? 'verify' : 'settle']++
      counts.set(payer, c)
    }
    const behaviour: HostileBehaviour =
      (endpoint === '/verify' ? mode?.verify : endpoint === '/settle' ? mode?.settle : undefined) ?? 'pass'
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(value))
    }
    if (endpoint === '/settle' && mode?.beforeSettle) await mode.beforeSettle()
    switch (behaviour) {
      case 'down':
        req.socket.destroy()
        return
      case 'slow': {
        // never answers: the caller's own timeout (or the case ending) is the only way out
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, slowHoldMs)
          res.on('close', () => {
            clearTimeout(timer)
            resolve()
          })
        })
        if (!res.writableEnded && !res.destroyed) req.socket.destroy()
        return
      }
      case 'garbage':
        res.writeHead(200, { 'content-type': 'text/html' })
        res.end('<html><body>not a facilitator answer</body></html>')
        return
      case 'error-500':
        json(500, { error: 'internal error' })
        return
      case 'success-without-transaction':
        json(200, { success: true, transaction: '', network, payer })
        return
      case 'lie-valid':
        json(200, { isValid: true, payer })
        return
      case 'redirect':
        res.writeHead(307, { location: `${self}/redirected${endpoint}`, 'content-type': 'application/json' })
        res.end('{}')
        return
      case 'huge': {
        // a well-formed refusal (nothing is forwarded, nothing moves) followed by 16 MiB of whitespace
        const settle = endpoint === '/settle'
        const refusal = settle
          ? { success: false, errorReason: 'unexpected_settle_error', transaction: '', network, payer }
          : { isValid: false, invalidReason: 'unexpected_verify_error', payer }
        res.writeHead(200, { 'content-type': 'application/json' })
        res.write(JSON.stringify(refusal))
        const chunk = Buffer.alloc(1 << 16, 0x20)
        for (let sent = 0; sent < hugePadding && !res.destroyed; sent += chunk.length) {
          if (res.write(chunk)) continue
          await new Promise<void>((resolve) => {
            const done = () => {
              res.off('drain', done).off('close', done)
              resolve()
            }
            res.on('drain', done).on('close', done)
          })
        }
        res.end()
        return
      }
      case 'refuse':
        json(200, { success: false, errorReason: 'invalid_exact_evm_transaction_failed', transaction: '', network, payer })
        return
      case 'valid-as-string':
        json(200, { isValid: 'true', payer })
        return
      case 'success-as-number':
        json(200, { success: 1, transaction: `0x${'ab'.repeat(32)}`, network, payer })
        return
      case 'settled-as-string':
      case 'pass': {
        try {
          const r = await fetch(`${base}${req.url ?? '/'}`, {
            method: req.method ?? 'GET',
            headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
            ...(req.method === 'POST' ? { body } : {}),
            signal: AbortSignal.timeout(120_000),
          })
          const answer = await r.text()
          const text = behaviour === 'settled-as-string' ? answer.replace(/"success":\s*true/, '"success":"true"') : answer
          res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' })
          res.end(text)
        } catch (error) {
          json(502, { error: `proxy: upstream facilitator failed: ${(error as Error).message}` })
        }
      }
    }
  }
  let pending = 0
  const server = createServer((req, res) => {
    pending++
    res.once('close', () => pending--)
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: String((error as Error)?.message ?? error) }))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  self = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: self,
    set: (payer, mode) => modes.set(payer.toLowerCase(), mode),
    calls: (payer) => ({ ...(counts.get(payer.toLowerCase()) ?? { verify: 0, settle: 0 }) }),
    pending: () => pending,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
