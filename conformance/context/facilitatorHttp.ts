/** An endpoint of a facilitator. */
export type FacilitatorEndpoint = 'verify' | 'settle' | 'supported'

/**
 * How the harness reaches a hosted facilitator: extra headers on every request (API keys, JWTs: their values
 * are secrets, never recorded) and the path of each endpoint.
 */
export type FacilitatorHttp = {
  readonly headers: Readonly<Record<string, string>>
  /** A path with a leading `/` is taken from the facilitator URL's origin; one without, under the URL. */
  readonly paths: Readonly<Record<FacilitatorEndpoint, string>>
}

export const defaultFacilitatorHttp: FacilitatorHttp = {
  headers: {},
  paths: { verify: 'verify', settle: 'settle', supported: 'supported' },
}

const endpoints: readonly string[] = ['verify', 'settle', 'supported']

/** True for the name of a facilitator endpoint (`verify`, `settle`, `supported`). */
export const isFacilitatorEndpoint = (name: string): name is FacilitatorEndpoint => endpoints.includes(name)

/** The URL of `endpoint` on the facilitator at `base`. */
export function facilitatorEndpointUrl(base: string, http: FacilitatorHttp, endpoint: FacilitatorEndpoint): string {
  const path = http.paths[endpoint]
  return path.startsWith('/') ? new URL(path, base).href : new URL(path, base.replace(/\/?$/, '/')).href
}

/** The extra headers for `url`: those of the facilitator when `url` is on its origin, else none. */
export function facilitatorHeadersFor(base: string | undefined, http: FacilitatorHttp, url: string): Record<string, string> {
  if (base === undefined || Object.keys(http.headers).length === 0) return {}
  return new URL(url).origin === new URL(base).origin ? { ...http.headers } : {}
}

/** The secret values of `http` (every extra header's value), for redaction. */
export const facilitatorSecrets = (http: FacilitatorHttp): string[] => Object.values(http.headers).filter((v) => v.length > 0)
