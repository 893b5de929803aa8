/** Most redirects of a paid retry followed. */
const maxRedirects = 20

/** Headers that describe a request's body: dropped with the body when a redirect turns the request into a GET (as fetch does). */
const bodyHeaders = ['content-type', 'content-encoding', 'content-language', 'content-location'] as const

/**
 * Sends the paid retry and follows its redirects by hand, so that the payment header goes only to the origin
 * that asked for it (http.client.redirect-same-origin): a redirect to another origin goes there without it.
 * A redirect that cannot be followed is returned as it is: a browser's answer to a manual redirect (type
 * `opaqueredirect`, status 0, no `Location`), a `Location` that is not an http(s) URL, or the 21st hop.
 *
 * @example
 * const response = await sendPaid(fetch, paidRequest, 'payment-signature')
 */
export async function sendPaid(baseFetch: typeof fetch, retry: Request, paymentHeader: string): Promise<Response> {
  if (retry.redirect !== 'follow') return baseFetch(retry)
  const origin = new URL(retry.url).origin
  let request = new Request(retry, { redirect: 'manual' })
  for (let hop = 0; ; hop++) {
    const kept = request.clone()
    const response = await baseFetch(request)
    const next = followable(response, request.url)
    if (next === undefined || hop === maxRedirects) return response
    await response.body?.cancel().catch(() => undefined)
    const headers = new Headers(kept.headers)
    if (next.origin !== origin) headers.delete(paymentHeader)
    const method = redirectMethod(response.status, kept.method)
    if (method === kept.method)
      request = new Request(next, { method, headers, body: kept.body, redirect: 'manual', duplex: 'half' } as RequestInit)
    else {
      for (const name of bodyHeaders) headers.delete(name)
      request = new Request(next, { method, headers, redirect: 'manual' })
    }
  }
}

/** Where a 3xx answer leads, or undefined when it is not a redirect that can be followed. */
function followable(response: Response, base: string): URL | undefined {
  if (response.type === 'opaqueredirect' || response.status < 300 || response.status > 399) return undefined
  const location = response.headers.get('location')
  if (location === null || !URL.canParse(location, base)) return undefined
  const next = new URL(location, base)
  return next.protocol === 'http:' || next.protocol === 'https:' ? next : undefined
}

/**
 * The method of the request a redirect leads to, by fetch's rule: a POST answered 301 or 302, and any method
 * but GET or HEAD answered 303, become a GET without a body; every other request (307, 308, a PUT answered 302, …)
 * keeps its method and body.
 *
 * @example
 * redirectMethod(302, 'PUT') // 'PUT'
 */
export function redirectMethod(status: number, method: string): string {
  const post = method.toUpperCase() === 'POST'
  const safe = method.toUpperCase() === 'GET' || method.toUpperCase() === 'HEAD'
  return ((status === 301 || status === 302) && post) || (status === 303 && !safe) ? 'GET' : method
}
