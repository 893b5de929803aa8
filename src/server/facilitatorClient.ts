import { prettifyError } from 'zod'
import type { z } from 'zod'
import { SettleResponse, VerifyResponse } from '../types/responses.js'

/** What the server understood from the facilitator, or why it could not (it then fails closed). */
export type FacilitatorReply<T> = { ok: true; status: number; body: T } | { ok: false; kind: 'unreachable' | 'timeout' | 'garbage'; message: string }

/** Calls the facilitator; see {@link createFacilitatorClient}. */
export type FacilitatorClient = {
  verify(body: unknown): Promise<FacilitatorReply<VerifyResponse>>
  settle(body: unknown): Promise<FacilitatorReply<SettleResponse>>
}

/** Options of {@link createFacilitatorClient}. */
export type FacilitatorClientOptions = {
  url: string
  fetch?: typeof fetch
  verifyTimeoutMs?: number
  settleTimeoutMs?: number
}

const txHash = /^0x[0-9a-fA-F]{64}$/

/**
 * A strict HTTP client of a facilitator: each answer is checked for shape (a settlement that claims
 * success without a transaction hash is garbage), with a timeout per call. Never throws.
 */
export function createFacilitatorClient(options: FacilitatorClientOptions): FacilitatorClient {
  const base = options.url.replace(/\/+$/, '')
  const doFetch = options.fetch ?? fetch
  const call = async <T>(path: string, body: unknown, timeoutMs: number, check: (v: unknown) => T | string): Promise<FacilitatorReply<T>> => {
    let response: Response
    try {
      response = await doFetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (error) {
      const timeout = (error as Error)?.name === 'TimeoutError' || (error as Error)?.name === 'AbortError'
      return timeout
        ? { ok: false, kind: 'timeout', message: `the facilitator did not answer ${path} within ${timeoutMs} ms` }
        : { ok: false, kind: 'unreachable', message: `the facilitator is unreachable (${(error as Error)?.message ?? String(error)})` }
    }
    let json: unknown
    try {
      const text = await response.text()
      json = JSON.parse(text)
    } catch (error) {
      const timeout = (error as Error)?.name === 'TimeoutError' || (error as Error)?.name === 'AbortError'
      if (timeout) return { ok: false, kind: 'timeout', message: `the facilitator did not finish answering ${path} within ${timeoutMs} ms` }
      return { ok: false, kind: 'garbage', message: `the facilitator answered ${path} with ${response.status} and no JSON` }
    }
    if (response.status >= 500) return { ok: false, kind: 'garbage', message: `the facilitator failed on ${path} (${response.status}): ${JSON.stringify(json).slice(0, 200)}` }
    const checked = check(json)
    if (typeof checked === 'string') return { ok: false, kind: 'garbage', message: `the facilitator's ${path} answer (${response.status}) is malformed: ${checked}` }
    return { ok: true, status: response.status, body: checked }
  }
  return {
    verify: (body) => call('/verify', body, options.verifyTimeoutMs ?? 10_000, (v) => checked(VerifyResponse, v)),
    settle: (body) =>
      call('/settle', body, options.settleTimeoutMs ?? 60_000, (v) => {
        const answer = checked(SettleResponse, v)
        if (typeof answer !== 'string' && answer.success && !txHash.test(answer.transaction)) return 'success without a transaction hash'
        return answer
      }),
  }
}

/** The answer in its shared shape, or what is wrong with it (one line). */
function checked<T extends z.ZodType>(type: T, value: unknown): z.infer<T> | string {
  const parsed = type.safeParse(value)
  return parsed.success ? parsed.data : prettifyError(parsed.error).replace(/\n/g, '; ')
}
