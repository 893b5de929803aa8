import { connect } from 'node:net'
import type { Snapshot } from '../../context/ledger.js'
import { decodeLenient } from '../../context/http.js'
import type { Paid, TestContext, Wire } from '../../context/types.js'
import { expectNoPaidContent, isServed, receiptHeader } from './helpers-server.js'
import type { RawExchange } from './helpers-server.js'
import { snapshotOf, transactionOf } from './outcomes.js'

/** Wire helpers of the request-shape attacks: bytes as written, and the funds judgement of a shaped request. */

/**
 * Writes `head` (request line and headers, CRLF-separated, without the blank line) to the origin as is:
 * a lower-case method or an odd target survives, which Node's HTTP client would normalise. Never throws.
 */
export function rawSocket(origin: string, head: string, timeoutMs = 10_000): Promise<RawExchange> {
  const url = new URL(origin)
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let done = false
    const finish = (error?: string) => {
      if (done) return
      done = true
      socket.destroy()
      const text = Buffer.concat(chunks).toString('utf8')
      const [top = '', ...rest] = text.split('\r\n\r\n')
      const [statusLine = '', ...lines] = top.split('\r\n')
      const headers: Record<string, string> = {}
      for (const line of lines) {
        const i = line.indexOf(':')
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim()
      }
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0)
      resolve({ status, headers, text: rest.join('\r\n\r\n'), ...(error && status === 0 ? { error } : {}) })
    }
    const socket = connect({ host: url.hostname, port: Number(url.port) }, () => {
      socket.write(`${head}\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`)
    })
    socket.setTimeout(timeoutMs, () => finish('timeout'))
    socket.on('data', (c: Buffer) => chunks.push(c))
    socket.on('end', () => finish())
    socket.on('close', () => finish())
    socket.on('error', (e) => finish(e.message))
  })
}

/** The decoded receipt of a raw answer, if any. */
export function rawReceipt(t: TestContext, res: RawExchange): Wire | undefined {
  const value = res.headers[receiptHeader(t.version)]
  const decoded = value === undefined ? undefined : decodeLenient(value)
  return typeof decoded === 'object' && decoded !== null ? (decoded as Wire) : undefined
}

/** One answer to a shaped request: its status, body text and receipt. */
export type Shaped = { status: number; text: string; receipt: Wire | undefined; error?: string | undefined }

/**
 * A correct payment sent in another shape: served and charged once in the receipt's transaction, or not
 * charged at all (attack.server.request-shape); a 5xx is also an availability failure.
 */
export async function judgeShaped(t: TestContext, label: string, paid: Paid, send: () => Promise<Shaped>): Promise<void> {
  const before: Snapshot = await snapshotOf(t, paid)
  const res = await send()
  const evidence = { status: res.status, body: res.text.slice(0, 300) }
  t.check(res.status !== 0, `${label}: no answer (${res.error ?? ''})`)
  t.check(res.status < 500, `${label} was answered ${res.status}`, evidence)
  if (isServed(res.status)) {
    const tx = transactionOf(res.receipt)
    t.check(tx !== undefined, `${label} was served (${res.status}) with no receipt naming a transaction`, evidence)
    await t.ledger.expectPaid(before, tx)
    t.info(`${label}: served and charged once`)
    return
  }
  expectNoPaidContent(t, res.text, `${label} (${res.status})`)
  const moved = await t.ledger.transfersFrom(before)
  t.check(moved.length === 0, `${label} was answered ${res.status} but the payer was charged: paid for nothing`, evidence)
  await t.ledger.expectUntouched(before)
}
