import { answered, responseHeaders, unanswered } from '../context/http.js'
import type { Exchange } from '../context/http.js'

/** Largest body the probe reads (a 402 body is small; a paid page served for free may not be). */
const maxBody = 256 * 1024

/**
 * One request of the probe: no payment header, redirects not followed (a redirect is an answer too),
 * never throws for network errors (the exchange then has status 0 and `error`).
 */
export async function probeRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; timeoutMs: number },
): Promise<Exchange> {
  const method = init.method ?? 'GET'
  const headers = { accept: 'application/json, */*', ...(init.headers ?? {}) }
  const request = { method, url, headers, body: undefined, decoded: {} }
  const started = performance.now()
  try {
    const res = await fetch(url, { method, headers, redirect: 'manual', signal: AbortSignal.timeout(init.timeoutMs) })
    const text = method === 'HEAD' ? '' : (await res.text()).slice(0, maxBody)
    const resHeaders = responseHeaders(res)
    return answered(request, res.status, resHeaders, { body: parseJson(text), text, decoded: {} }, started)
  } catch (error) {
    return unanswered(request, error, started)
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}
