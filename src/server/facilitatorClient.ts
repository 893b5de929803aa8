import { prettifyError } from 'zod'
import type { z } from 'zod'
import { SettleResponse, VerifyResponse } from '../types/responses.js'
import { readCapped } from './readCapped.js'

/** What the server understood from the facilitator, or why it could not (it then fails closed). */
export type FacilitatorReply<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; kind: 'unreachable' | 'timeout' | 'garbage'; message: string }

/** Calls the facilitator; see {@link createFacilitatorClient}. */
export type FacilitatorClient = {
  verify(body: unknown): Promise<FacilitatorReply<VerifyResponse>>
  settle(body: unknown): Promise<FacilitatorReply<SettleResponse>>
}

/** Options of {@link createFacilitatorClient}. */
export type FacilitatorClientOptions = {
  url: string
  fetch?: typeof fetch
  /** Default 5 s. */
  verifyTimeoutMs?: number
  /** Default 15 s: with verify, within the 20 s a client commonly waits. */
  settleTimeoutMs?: number
  /** Largest answer read, in bytes (default 64 KiB); a longer one is garbage. */
  maxAnswerBytes?: number
}

/** Defaults of {@link createFacilitatorClient}. */
export const facilitatorClientDefaults = { verifyTimeoutMs: 5_000, settleTimeoutMs: 15_000, maxAnswerBytes: 64 * 1024 } as const

const txHash = /^0x[0-9a-fA-F]{64}$/
const isTimeout = (error: unknown) => (error as Error)?.name === 'TimeoutError' || (error as Error)?.name === 'AbortError'

/**
 * A strict HTTP client of a facilitator: each answer is checked for shape (a settlement that claims
 * success without a transaction hash is garbage), with a timeout per call. Redirects are not followed
 * (they would hand the verdict to another host) and answers are read up to a size limit. Never throws.
 */
export function createFacilitatorClient(options: FacilitatorClientOptions): FacilitatorClient {
  const base = options.url.replace(/\/+$/, '')
  const doFetch = options.fetch ?? fetch
  const limit = options.maxAnswerBytes ?? facilitatorClientDefaults.maxAnswerBytes
  const call = async <T>(
    path: string,
    body: unknown,
    timeoutMs: number,
    check: (v: unknown) => T | string,
  ): Promise<FacilitatorReply<T>> => {
    let text: string
    try {
      text = JSON.stringify(body)
    } catch (error) {
      return { ok: false, kind: 'garbage', message: `the ${path} request could not be written (${(error as Error)?.message})` }
    }
    const signal = AbortSignal.timeout(timeoutMs)
    let response: Response
    try {
      response = await doFetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: text,
        redirect: 'manual',
        signal,
      })
    } catch (error) {
      return isTimeout(error)
        ? { ok: false, kind: 'timeout', message: `the facilitator did not answer ${path} within ${timeoutMs} ms` }
        : {
            ok: false,
            kind: 'unreachable',
            message: `the facilitator is unreachable (${(error as Error)?.message ?? String(error)})`,
          }
    }
    if ((response.status >= 300 && response.status < 400) || response.type === 'opaqueredirect') {
      await response.body?.cancel().catch(() => undefined)
      return {
        ok: false,
        kind: 'garbage',
        message: `the facilitator answered ${path} with a redirect (${response.status}); redirects are not followed`,
      }
    }
    const read = await readCapped(response, limit)
    if (read.error !== undefined) {
      if (signal.aborted || isTimeout(read.error)) {
        return { ok: false, kind: 'timeout', message: `the facilitator did not finish answering ${path} within ${timeoutMs} ms` }
      }
      return { ok: false, kind: 'garbage', message: `the facilitator's ${path} answer could not be read (${read.error.message})` }
    }
    if (read.text === undefined)
      return { ok: false, kind: 'garbage', message: `the facilitator's ${path} answer is longer than ${limit} bytes` }
    let json: unknown
    try {
      json = JSON.parse(read.text)
    } catch {
      return { ok: false, kind: 'garbage', message: `the facilitator answered ${path} with ${response.status} and no JSON` }
    }
    if (response.status >= 500) {
      return {
        ok: false,
        kind: 'garbage',
        message: `the facilitator failed on ${path} (${response.status}): ${read.text.slice(0, 200)}`,
      }
    }
    const checked = check(json)
    if (typeof checked === 'string')
      return {
        ok: false,
        kind: 'garbage',
        message: `the facilitator's ${path} answer (${response.status}) is malformed: ${checked}`,
      }
    return { ok: true, status: response.status, body: checked }
  }
  return {
    verify: (body) =>
      call('/verify', body, options.verifyTimeoutMs ?? facilitatorClientDefaults.verifyTimeoutMs, (v) =>
        checked(VerifyResponse, v),
      ),
    settle: (body) =>
      call('/settle', body, options.settleTimeoutMs ?? facilitatorClientDefaults.settleTimeoutMs, (v) => {
        const answer = checked(SettleResponse, v)
        if (typeof answer !== 'string' && answer.success && !txHash.test(answer.transaction))
          return 'success without a transaction hash'
        return answer
      }),
  }
}

/** The answer in its shared shape, or what is wrong with it (one line). */
function checked<T extends z.ZodType>(type: T, value: unknown): z.infer<T> | string {
  const parsed = type.safeParse(value)
  return parsed.success ? parsed.data : prettifyError(parsed.error).replace(/\n/g, '; ')
}
