/** What the server understood from the facilitator, or why it could not (it then fails closed). */
export type FacilitatorReply<T> = { ok: true; status: number; body: T } | { ok: false; kind: 'unreachable' | 'timeout' | 'garbage'; message: string }

/** A `/verify` answer as the server needs it. */
export type VerifyReply = { isValid: boolean; invalidReason?: string; payer?: string }
/** A `/settle` answer as the server needs it (also what goes into the receipt header). */
export type SettleReply = { success: boolean; errorReason?: string; transaction: string; network: string; payer?: string } & Record<string, unknown>

/** Calls the facilitator; see {@link createFacilitatorClient}. */
export type FacilitatorClient = {
  verify(body: unknown): Promise<FacilitatorReply<VerifyReply>>
  settle(body: unknown): Promise<FacilitatorReply<SettleReply>>
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
    verify: (body) =>
      call<VerifyReply>('/verify', body, options.verifyTimeoutMs ?? 10_000, (v) => {
        if (!isObject(v) || typeof v.isValid !== 'boolean') return 'isValid is not a boolean'
        if (!v.isValid && v.invalidReason !== undefined && typeof v.invalidReason !== 'string') return 'invalidReason is not a string'
        return v as VerifyReply
      }),
    settle: (body) =>
      call<SettleReply>('/settle', body, options.settleTimeoutMs ?? 60_000, (v) => {
        if (!isObject(v) || typeof v.success !== 'boolean') return 'success is not a boolean'
        if (typeof v.network !== 'string') return 'network is missing'
        if (v.success && (typeof v.transaction !== 'string' || !txHash.test(v.transaction))) return 'success without a transaction hash'
        if (!v.success && typeof v.transaction !== 'string') return 'transaction is missing'
        return v as SettleReply
      }),
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
