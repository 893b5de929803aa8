import type { z } from 'zod'
import { ExactEvmPayload } from '../types/exactEvm.js'
import { PaymentPayloadV1, PaymentRequirementsV1 } from '../types/v1.js'
import { PaymentPayloadV2, PaymentRequirementsV2 } from '../types/v2.js'

// The wire shapes verification reads on every request, checked by hand on the common path: a reader
// answers only when it is sure the zod schema beside it accepts the value, and then with what that schema
// would give (the same members in the same order, a fresh object). On anything unusual it answers `miss`
// and the zod schema parses instead, so every rejection and its message come from zod alone.
// src/evm/readWireFast.test.ts compares each reader with its schema over generated values.

const miss: unique symbol = Symbol('not read by hand')
type Reader = (value: unknown) => unknown
/** A member: its key, its reader and whether it may be absent (`.nullish()` members). */
type Member = readonly [key: string, read: Reader, optional: boolean]

const uint256Max = 2n ** 256n - 1n
const pattern =
  (re: RegExp): Reader =>
  (v) =>
    typeof v === 'string' && re.test(v) ? v : miss
const nonEmpty: Reader = (v) => (typeof v === 'string' && v.length > 0 ? v : miss)
const anyString: Reader = (v) => (typeof v === 'string' ? v : miss)
const uint256: Reader = (v) =>
  typeof v === 'string' && /^(?:0|[1-9][0-9]{0,77})$/.test(v) && (v.length < 78 || BigInt(v) <= uint256Max) ? v : miss
const timeoutSeconds: Reader = (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 ? v : miss)
const literal =
  (expected: number): Reader =>
  (v) =>
    v === expected ? v : miss
const nullish =
  (read: Reader): Reader =>
  (v) =>
    v === null ? null : read(v)
const evmAddress = pattern(/^0x[0-9a-fA-F]{40}$/)
/** `^0x(?:[0-9a-fA-F]{2})+$` without the repeated group: an even number (≥ 2) of hex digits. */
const hexDigits = /^0x[0-9a-fA-F]+$/
const hexBytes: Reader = (v) => (typeof v === 'string' && v.length % 2 === 0 && hexDigits.test(v) ? v : miss)

/** A JSON object as JSON.parse makes it (plain prototype, no own `__proto__` key). */
function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype && !Object.hasOwn(v, '__proto__')
}

/** `z.record(z.string(), z.unknown())`: a shallow copy (zod refuses symbol keys here; objects ignore them). */
const openObject: Reader = (v) => {
  if (!isJsonObject(v) || Object.getOwnPropertySymbols(v).length > 0) return miss
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(v)) {
    const x = v[key]
    if (x === undefined) return miss
    out[key] = x
  }
  return out
}

/** `z.looseObject` (`loose`) or `z.strictObject`: declared members first, in their order, then unknown ones. */
function object(members: readonly Member[], loose: boolean): Reader {
  const declared = new Set(members.map(([key]) => key))
  const keys = members.map(([key]) => key)
  const reads = members.map(([, read]) => read)
  const optionals = members.map(([, , optional]) => optional)
  return (v) => {
    if (!isJsonObject(v)) return miss
    const out: Record<string, unknown> = {}
    let present = 0
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!
      const x = v[key]
      if (x === undefined) {
        if (optionals[i] && !(key in v)) continue
        return miss
      }
      const r = reads[i]!(x)
      if (r === miss) return miss
      out[key] = r
      present++
    }
    let all = 0
    for (const _ in v) all++
    if (all === present) return out // no member beyond the declared ones (for-in sees own and inherited: plain objects only)
    for (const key in v) {
      if (declared.has(key)) continue
      const x = v[key]
      if (!loose || x === undefined) return miss
      out[key] = x
    }
    return out
  }
}

const optionalOpen = nullish(openObject)
const optionalString = nullish(anyString)
const resourceInfo = object(
  [
    ['url', nonEmpty, false],
    ['description', optionalString, true],
    ['mimeType', optionalString, true],
  ],
  true,
)
const requirementsV2 = object(
  [
    ['scheme', nonEmpty, false],
    ['network', pattern(/^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/), false],
    ['amount', uint256, false],
    ['asset', nonEmpty, false],
    ['payTo', nonEmpty, false],
    ['maxTimeoutSeconds', timeoutSeconds, false],
    ['extra', optionalOpen, true],
  ],
  true,
)
const requirementsV1 = object(
  [
    ['scheme', nonEmpty, false],
    ['network', nonEmpty, false],
    ['maxAmountRequired', uint256, false],
    ['resource', nonEmpty, false],
    ['description', anyString, false],
    ['mimeType', optionalString, true],
    ['outputSchema', optionalOpen, true],
    ['payTo', nonEmpty, false],
    ['maxTimeoutSeconds', timeoutSeconds, false],
    ['asset', nonEmpty, false],
    ['extra', optionalOpen, true],
  ],
  true,
)
const payloadV2 = object(
  [
    ['x402Version', literal(2), false],
    ['resource', nullish(resourceInfo), true],
    ['accepted', requirementsV2, false],
    ['payload', openObject, false],
    ['extensions', optionalOpen, true],
  ],
  true,
)
const payloadV1 = object(
  [
    ['x402Version', literal(1), false],
    ['scheme', nonEmpty, false],
    ['network', nonEmpty, false],
    ['payload', openObject, false],
  ],
  true,
)
const authorization = object(
  [
    ['from', evmAddress, false],
    ['to', evmAddress, false],
    ['value', uint256, false],
    ['validAfter', uint256, false],
    ['validBefore', uint256, false],
    ['nonce', pattern(/^0x[0-9a-fA-F]{64}$/), false],
  ],
  false,
)
const exactEvmPayload = object(
  [
    ['signature', hexBytes, false],
    ['authorization', authorization, false],
  ],
  false,
)

/** A zod schema with its hand-written reader. */
type Shape<T> = { readonly schema: z.ZodType<T>; readonly read: Reader }

/** The shapes verification reads, by name; each reader stands for the schema beside it. */
export const wireShapes = {
  PaymentPayloadV1: { schema: PaymentPayloadV1, read: payloadV1 } as Shape<PaymentPayloadV1>,
  PaymentPayloadV2: { schema: PaymentPayloadV2, read: payloadV2 } as Shape<PaymentPayloadV2>,
  PaymentRequirementsV1: { schema: PaymentRequirementsV1, read: requirementsV1 } as Shape<PaymentRequirementsV1>,
  PaymentRequirementsV2: { schema: PaymentRequirementsV2, read: requirementsV2 } as Shape<PaymentRequirementsV2>,
  ExactEvmPayload: { schema: ExactEvmPayload, read: exactEvmPayload } as Shape<ExactEvmPayload>,
} as const

/**
 * `shape.schema.safeParse(value)`, the same result, read by hand where the value is an ordinary one.
 *
 * @example
 * const parsed = safeParseWire(wireShapes.ExactEvmPayload, paymentPayload.payload)
 */
export function safeParseWire<T>(shape: Shape<T>, value: unknown): z.ZodSafeParseResult<T> {
  const read = shape.read(value)
  return read === miss ? shape.schema.safeParse(value) : { success: true, data: read as T }
}

/** The hand reader alone: the value zod would give, or `undefined` when it defers to zod (for tests). */
export function readWireByHand<T>(shape: Shape<T>, value: unknown): T | undefined {
  const read = shape.read(value)
  return read === miss ? undefined : (read as T)
}
