/** Optional envelope members (any version) that a sender omits instead of sending `null`. */
const optionalMembers = new Set([
  'error',
  'mimeType',
  'outputSchema',
  'extra',
  'description',
  'resource',
  'extensions',
  'invalidReason',
  'invalidMessage',
  'payer',
  'errorReason',
  'errorMessage',
  'amount',
])
/** Members holding nested envelopes (objects or arrays of them). */
const nested = new Set(['accepts', 'accepted', 'resource', 'paymentPayload', 'paymentRequirements', 'kinds'])

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * A copy of an envelope without its `null`-valued optional members (clause `envelopes.omit-absent`:
 * receivers treat `null` as absent, but some deployed clients reject it). Open members (`extra`,
 * `extensions`, `payload`, unknown members) are left as they are.
 *
 * @example
 * omitNullMembers({ x402Version: 1, error: null, accepts: [{ outputSchema: null }] }) // { x402Version: 1, accepts: [{}] }
 */
export function omitNullMembers<T>(envelope: T): T {
  if (Array.isArray(envelope)) return envelope.map((item) => omitNullMembers(item as unknown)) as T
  if (!isObject(envelope)) return envelope
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(envelope)) {
    if (value === null && optionalMembers.has(key)) continue
    out[key] = nested.has(key) ? omitNullMembers(value) : value
  }
  return out as T
}
