import type { Version } from '../case.js'
import type { ServerOffer } from '../context/context.js'
import { defaultFacilitatorHttp, facilitatorEndpointUrl, facilitatorSecrets } from '../context/facilitatorHttp.js'
import type { FacilitatorHttp } from '../context/facilitatorHttp.js'
import { decodeLenient, send } from '../context/http.js'
import type { Wire } from '../context/types.js'

/** Versions a facilitator advertises for the chain, from `GET /supported`; `undefined` if unreachable. */
export async function probeFacilitator(
  url: string,
  network: string,
  networkV1: string | null,
  http: FacilitatorHttp = defaultFacilitatorHttp,
): Promise<{ versions: Set<Version>; signer: string | undefined; status: number } | undefined> {
  const headers = { ...http.headers }
  const x = await send(facilitatorEndpointUrl(url, http, 'supported'), {
    timeoutMs: 10_000,
    headers,
    secrets: facilitatorSecrets(http),
  })
  if (x.error) return undefined
  const versions = new Set<Version>()
  const body = (x.body ?? {}) as { kinds?: unknown; signers?: unknown }
  const kinds = Array.isArray(body.kinds) ? (body.kinds as Record<string, unknown>[]) : []
  for (const k of kinds) {
    if (k['scheme'] !== 'exact') continue
    if (k['x402Version'] === 2 && k['network'] === network) versions.add(2)
    if (k['x402Version'] === 1 && (k['network'] === networkV1 || k['network'] === network)) versions.add(1)
  }
  let signer: string | undefined
  if (typeof body.signers === 'object' && body.signers !== null) {
    for (const [pattern, list] of Object.entries(body.signers as Record<string, unknown>)) {
      if ((pattern === network || pattern === 'eip155:*') && Array.isArray(list) && typeof list[0] === 'string') signer = list[0]
    }
  }
  return { versions, signer, status: x.status }
}

const matches = (r: Wire, network: string, networkV1: string | null) =>
  r['scheme'] === 'exact' && (r['network'] === network || (networkV1 !== null && r['network'] === networkV1))

/**
 * The offers of a paid URL per version, from its 402 challenge (v1 JSON body, v2 `PAYMENT-REQUIRED`
 * header); `undefined` if unreachable.
 */
export async function probeServer(
  url: string,
  network: string,
  networkV1: string | null,
): Promise<Map<Version, ServerOffer> | undefined> {
  const x = await send(url, { timeoutMs: 10_000 })
  if (x.error) return undefined
  const offers = new Map<Version, ServerOffer>()
  if (x.status !== 402) return offers
  const header = x.headers['payment-required']
  if (header !== undefined) {
    const v2 = decodeLenient(header) as { x402Version?: unknown; accepts?: unknown; resource?: unknown }
    const accepts = Array.isArray(v2.accepts) ? (v2.accepts as Wire[]) : []
    const chosen = accepts.find((r) => matches(r, network, networkV1))
    if (v2.x402Version === 2 && chosen)
      offers.set(2, { url, requirements: chosen, resource: (v2.resource ?? undefined) as Wire | undefined, challenge: x })
  }
  const body = x.body as { x402Version?: unknown; accepts?: unknown } | undefined
  if (body && body.x402Version === 1 && Array.isArray(body.accepts)) {
    const chosen = (body.accepts as Wire[]).find((r) => matches(r, network, networkV1))
    if (chosen) offers.set(1, { url, requirements: chosen, resource: undefined, challenge: x })
  }
  return offers
}
