import { encodeHeaderValue } from './builders.js'
import {
  defaultFacilitatorHttp,
  facilitatorEndpointUrl,
  facilitatorHeadersFor,
  facilitatorSecrets,
  isFacilitatorEndpoint,
} from './facilitatorHttp.js'
import { CaseFailure, CaseSkip } from './failure.js'
import { send } from './http.js'
import { paymentTarget } from './payments.js'
import { readOutcome, validateResponse } from './responses.js'
import type { CaseScope } from './scope.js'
import type { FacilitatorCallOptions, Outcome, Paid, TestContext } from './types.js'

/** The HTTP section of the context: the facilitator's endpoints, the paid resource, any request. */
export type Requests = Pick<TestContext, 'verify' | 'settle' | 'supported' | 'request' | 'fetchPaid'>

const paymentHeaders = new Set(['x-payment', 'payment-signature'])

/** True when a request can move money: a facilitator /settle, or any request carrying a payment header. */
export function movesMoney(url: string, headers: Record<string, string> = {}): boolean {
  const path = /^https?:/.test(url) ? new URL(url).pathname : url
  return /(^|\/)settle\/?$/.test(path) || Object.keys(headers).some((h) => paymentHeaders.has(h.toLowerCase()))
}

/** `path` resolved against `base` as a directory (`http://h/api` + `verify` → `http://h/api/verify`). */
export function resolveUnder(base: string, path: string): string {
  return new URL(path.replace(/^\//, ''), base.replace(/\/?$/, '/')).href
}

/** Builds the HTTP section of one case's context; every exchange is kept in the case's transcript. */
export function createRequests(scope: CaseScope): Requests {
  const { session, kase, version } = scope
  const facilitatorUrl = session.target.facilitatorUrl
  const { resourceUrl } = paymentTarget(scope)
  const facilitator = () => {
    if (!facilitatorUrl) throw new CaseSkip('no facilitator under test')
    return facilitatorUrl
  }
  // A hosted facilitator: its headers go with every request to it, its secrets never into a transcript.
  const http = session.facilitatorHttp ?? defaultFacilitatorHttp
  const secrets = facilitatorSecrets(http)
  const withHeaders = (url: string, headers: Record<string, string> = {}) => ({
    headers: { ...facilitatorHeadersFor(facilitatorUrl, http, url), ...headers },
    secrets,
  })

  const call = async (kind: 'verify' | 'settle', paid: Paid, o: FacilitatorCallOptions = {}): Promise<Outcome> => {
    const body =
      o.body !== undefined
        ? o.body
        : {
            x402Version: o.x402Version ?? paid.version,
            paymentPayload: paid.payload,
            paymentRequirements: o.requirements ?? paid.requirements,
          }
    const url = facilitatorEndpointUrl(facilitator(), http, kind)
    if (kind === 'settle') await scope.moneyTurn()
    const x = scope.keep(await send(url, { method: 'POST', body, signal: scope.signal, ...withHeaders(url) }))
    const outcome = readOutcome(kind, x)
    const problems = validateResponse(kind, paid.version, x)
    if (problems.length > 0) {
      throw new CaseFailure(`the /${kind} answer does not match its schema: ${problems.join('; ')}`, {
        status: x.status,
        body: x.body,
      })
    }
    return outcome
  }

  return {
    verify: (paid, o) => call('verify', paid, o),
    settle: (paid, o) => call('settle', paid, o),
    supported: async () => {
      const url = facilitatorEndpointUrl(facilitator(), http, 'supported')
      return scope.keep(await send(url, { signal: scope.signal, ...withHeaders(url) }))
    },
    request: async (url, init = {}) => {
      const endpoint = facilitatorUrl !== undefined && isFacilitatorEndpoint(url) ? url : undefined
      const absolute = /^https?:/.test(url)
        ? url
        : endpoint
          ? facilitatorEndpointUrl(facilitatorUrl!, http, endpoint)
          : resolveUnder(facilitatorUrl ?? resourceUrl, url)
      if (movesMoney(endpoint ?? absolute, init.headers)) await scope.moneyTurn()
      return scope.keep(await send(absolute, { ...init, signal: scope.signal, ...withHeaders(absolute, init.headers) }))
    },
    async fetchPaid(paid, o = {}) {
      if (kase.role === 'server' && !session.offers.has(version)) throw new CaseSkip(`the server offers no v${version} route`)
      const headerName = o.headerName ?? (version === 1 ? 'X-PAYMENT' : 'PAYMENT-SIGNATURE')
      const headers: Record<string, string> = {}
      const value = o.header ?? (paid ? encodeHeaderValue(paid.payload) : undefined)
      if (value !== undefined) headers[headerName] = value
      if (value !== undefined) await scope.moneyTurn()
      return scope.keep(await send(o.url ?? resourceUrl, { method: o.method ?? 'GET', headers, signal: scope.signal }))
    },
  }
}
