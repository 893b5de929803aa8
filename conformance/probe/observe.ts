import { decodeBase64Json } from '../../src/codecs/base64Json.js'
import { HeaderDecodeError } from '../../src/codecs/HeaderDecodeError.js'
import { schemaIds } from '../../src/codecs/schemaIds.js'
import { validateAgainstSchema } from '../../src/codecs/validateAgainstSchema.js'
import type { Version } from '../case.js'
import type { Exchange } from '../context/http.js'
import { probeRequest } from './request.js'

/** A challenge as read: the decoded value (when it decodes) and what is wrong with it. */
export type ChallengeRead = { readonly value: unknown; readonly problems: readonly string[] }

/** Everything the probe saw of one URL: the requests it sent and the challenges it read. */
export type Observation = {
  readonly url: string
  readonly get: Exchange
  /** The same GET with an `Origin` header, as a browser sends it (CORS). */
  readonly cors: Exchange
  readonly head: Exchange
  readonly options: Exchange
  readonly trailingSlash: Exchange
  readonly letterCase: Exchange
  /** Per version the 402 claims (a `PAYMENT-REQUIRED` header: v2; a JSON body with `x402Version`: its version). */
  readonly challenges: ReadonlyMap<Version, ChallengeRead>
}

/** The origin the probe sends as a browser would; `.invalid` never resolves (RFC 6761). */
export const probeOrigin = 'https://probe.x402-conformance.invalid'

const issuesText = (issues: readonly { pointer: string; message: string }[]) =>
  issues.map((i) => `${i.pointer || '(root)'} ${i.message}`)

function readV2(header: string): ChallengeRead {
  let value: unknown
  try {
    value = decodeBase64Json(header, 'PAYMENT-REQUIRED header')
  } catch (error) {
    if (!(error instanceof HeaderDecodeError)) throw error
    return { value: undefined, problems: [`${error.shortMessage}: ${error.issues.map((i) => i.message).join('; ')}`] }
  }
  return { value, problems: issuesText(validateAgainstSchema(schemaIds.exactEvm.v2PaymentRequired, value).errors) }
}

function readV1(value: unknown): ChallengeRead {
  return { value, problems: issuesText(validateAgainstSchema(schemaIds.exactEvm.v1PaymentRequired, value).errors) }
}

/** Reads the challenges of a 402: the v2 header and a v1 (or misplaced v2) JSON body. */
export function readChallenges(x: Exchange): Map<Version, ChallengeRead> {
  const out = new Map<Version, ChallengeRead>()
  if (x.status !== 402) return out
  const header = x.headers['payment-required']
  if (header !== undefined) out.set(2, readV2(header))
  const body = x.body as { x402Version?: unknown } | undefined
  const claimed = typeof body === 'object' && body !== null && !Array.isArray(body) ? body.x402Version : undefined
  if (claimed === 1) out.set(1, readV1(body))
  else if (claimed === 2 && header === undefined) {
    out.set(2, {
      value: body,
      problems: ['the v2 challenge is in the body, without a PAYMENT-REQUIRED header: v2 clients read the header'],
    })
  }
  return out
}

/** The path with a trailing slash added (or removed, when it has one). */
export function trailingSlashVariant(url: URL): string {
  const v = new URL(url.href)
  v.pathname = v.pathname.endsWith('/') && v.pathname.length > 1 ? v.pathname.slice(0, -1) : `${v.pathname}/`
  return v.href
}

/** The path in upper case (lower case when it has no lower-case letter). */
export function letterCaseVariant(url: URL): string {
  const v = new URL(url.href)
  const p = v.pathname
  v.pathname = p === p.toUpperCase() ? p.toLowerCase() : p.toUpperCase()
  return v.href
}

/** Sends the probe's requests to one URL (no payment) and reads its challenges. */
export async function observe(url: string, timeoutMs: number): Promise<Observation> {
  const u = new URL(url)
  const get = await probeRequest(url, { timeoutMs })
  const [cors, head, options, trailingSlash, letterCase] = await Promise.all([
    probeRequest(url, { timeoutMs, headers: { origin: probeOrigin } }),
    probeRequest(url, { timeoutMs, method: 'HEAD' }),
    probeRequest(url, { timeoutMs, method: 'OPTIONS', headers: { origin: probeOrigin, 'access-control-request-method': 'GET' } }),
    probeRequest(trailingSlashVariant(u), { timeoutMs }),
    probeRequest(letterCaseVariant(u), { timeoutMs }),
  ])
  return { url, get, cors, head, options, trailingSlash, letterCase, challenges: readChallenges(get) }
}
