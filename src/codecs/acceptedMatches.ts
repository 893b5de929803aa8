/** Payment requirements as on the wire (v2 `PaymentRequirements`, or any JSON object). */
type Requirement = object

/** Members compared case-insensitively (EVM addresses); every other member is compared exactly. */
const addressMembers = new Set(['asset', 'payTo'])

/** JSON equality: key order ignored, `null` the same as absent (clause envelopes.null-as-absent). */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = presentKeys(a)
  const kb = presentKeys(b)
  const at = (o: object, k: string) => (o as Record<string, unknown>)[k]
  return ka.length === kb.length && ka.every((k) => jsonEqual(at(a, k), at(b, k)))
}

const presentKeys = (o: object): string[] => Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] != null)

/**
 * The members in which a v2 payment's `accepted` differs from an offered requirement (clause
 * exact-evm.verify.accepted-match): `asset` and `payTo` case-insensitively, every other member
 * (`extra`, where absent is `{}`, and unknown members included) exactly, as JSON. Empty when they match.
 *
 * @example
 * acceptedMismatches(payment.accepted, offer) // ['amount']
 */
export function acceptedMismatches(accepted: Requirement, offer: Requirement): string[] {
  const a: Record<string, unknown> = { ...accepted }
  const o: Record<string, unknown> = { ...offer }
  const keys = [...new Set([...presentKeys(a), ...presentKeys(o)])]
  return keys.filter((k) => {
    const x = k === 'extra' ? (a[k] ?? {}) : a[k]
    const y = k === 'extra' ? (o[k] ?? {}) : o[k]
    if (addressMembers.has(k) && typeof x === 'string' && typeof y === 'string') return x.toLowerCase() !== y.toLowerCase()
    return !jsonEqual(x ?? null, y ?? null)
  })
}

/** Whether a v2 payment's `accepted` names this offer (see {@link acceptedMismatches}). */
export function acceptedMatches(accepted: Requirement, offer: Requirement): boolean {
  return acceptedMismatches(accepted, offer).length === 0
}
