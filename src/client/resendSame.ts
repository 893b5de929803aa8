import { getReceipt } from './getReceipt.js'

/** When {@link sendResending} sends the same payment again. */
export type ResendOptions = {
  /** Most times one request's payment is sent again (default 1; 0: never). */
  resends?: number
  /** Longest `Retry-After` waited for, in seconds (default 10): an answer asking for more is returned as it is. */
  maxRetryAfterSeconds?: number
  /** Clock in unix seconds, to read a `Retry-After` given as a date (default: the system clock). */
  now?: () => number
}

/** Wait before sending again when the answer was lost, or a pending answer names no `Retry-After` (seconds). */
export const defaultResendWaitSeconds = 1

/** RFC 9110 `Retry-After` in seconds from `now` (delta-seconds or an HTTP-date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  const v = value?.trim() ?? ''
  if (/^[0-9]+$/.test(v)) return Number(v)
  const at = Date.parse(v)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil(at / 1000 - now))
}

/**
 * Seconds to wait before sending the same payment again, or undefined when the answer is final. Only an answer
 * saying the settlement's outcome is unknown asks for that (spec/09-flows.md §9.3): a 503 with `Retry-After`, or a
 * 5xx whose receipt reports `settlement_pending` (waiting its `Retry-After`, else {@link defaultResendWaitSeconds}).
 */
export function resendAfter(response: Response, now: number): number | undefined {
  if (response.status < 500) return undefined
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'), now)
  if (response.status === 503 && retryAfter !== undefined) return retryAfter
  if (getReceipt(response)?.errorReason === 'settlement_pending') return retryAfter ?? defaultResendWaitSeconds
  return undefined
}

/**
 * Sends a paid request and, when its answer is lost (a network error) or says the settlement is pending or
 * unknown, sends the very same request again after the wait asked for: the same payment under the same
 * payment identifier (ext.payment-id.client-reuses), never a new signature, which the server could charge beside
 * the first. At most `resends` times; a `Retry-After` above `maxRetryAfterSeconds` ends it with that answer,
 * and so does an abort of the request. Whatever the last answer is (a 402 included) is returned as it is.
 *
 * @example
 * const response = await sendResending((r) => fetch(r), paidRequest, { resends: 1 })
 */
export async function sendResending(
  send: (request: Request) => Promise<Response>,
  request: Request,
  options: ResendOptions = {},
): Promise<Response> {
  const resends = options.resends ?? 1
  const cap = options.maxRetryAfterSeconds ?? 10
  const now = options.now ?? (() => Date.now() / 1000)
  for (let attempt = 0; ; attempt++) {
    const last = attempt >= resends
    let response: Response
    try {
      response = await send(last ? request : request.clone())
    } catch (error) {
      if (last || request.signal.aborted || isAbort(error)) throw error
      await wait(defaultResendWaitSeconds, request.signal)
      continue
    }
    const after = last ? undefined : resendAfter(response, now())
    if (after === undefined || after > cap) return response
    await response.body?.cancel().catch(() => undefined)
    await wait(after, request.signal)
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')
}

/** Resolves after `seconds`, or rejects with the signal's reason when it aborts first. */
function wait(seconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, seconds * 1000)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
