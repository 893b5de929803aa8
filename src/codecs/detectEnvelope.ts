import { decodeBase64Strict, decodeJsonBytes, parseJsonText } from './base64Json.js'
import { HeaderDecodeError, type HeaderDecodeErrorCode } from './HeaderDecodeError.js'
import { maxBodyBytes } from './headers.js'
import { schemaIds } from './schemaIds.js'
import { validateAgainstSchema, type Issue } from './validateAgainstSchema.js'

/** The envelopes {@link detectEnvelope} knows. */
export type EnvelopeKind =
  | 'payment-required'
  | 'payment-payload'
  | 'payment-requirements'
  | 'settle-response'
  | 'verify-request'
  | 'verify-response'
  | 'supported-response'

/** What {@link detectEnvelope} found. `kind`/`version` are `undefined` when nothing fits. */
export type DetectedEnvelope = {
  readonly encoding: 'base64' | 'json'
  readonly kind: EnvelopeKind | undefined
  readonly version: 1 | 2 | undefined
  /** The schema the value was checked against. */
  readonly schemaId: string | undefined
  readonly value: unknown
  readonly valid: boolean
  /** Every problem, JSON pointers into `value`; `code` says which layer failed first. */
  readonly issues: readonly Issue[]
  readonly code: HeaderDecodeErrorCode | undefined
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

function classify(v: Obj): { kind: EnvelopeKind; version: 1 | 2 } | undefined {
  const version = v.x402Version === 1 || v.x402Version === 2 ? v.x402Version : undefined
  const netV = (n: unknown): 1 | 2 => (typeof n === 'string' && n.includes(':') ? 2 : 1)
  if ('accepts' in v) return { kind: 'payment-required', version: version ?? ('resource' in v ? 2 : 1) }
  if ('paymentPayload' in v) return { kind: 'verify-request', version: version ?? 2 }
  if ('payload' in v) return { kind: 'payment-payload', version: version ?? ('accepted' in v ? 2 : 1) }
  if ('success' in v) return { kind: 'settle-response', version: netV(v.network) }
  if ('isValid' in v) return { kind: 'verify-response', version: 'invalidMessage' in v || 'extensions' in v ? 2 : 1 }
  if ('kinds' in v) {
    const kinds = Array.isArray(v.kinds) ? v.kinds : []
    const anyV2 = 'signers' in v || 'extensions' in v || kinds.some((k) => isObj(k) && k.x402Version === 2)
    return { kind: 'supported-response', version: anyV2 ? 2 : 1 }
  }
  if ('maxAmountRequired' in v) return { kind: 'payment-requirements', version: 1 }
  if ('amount' in v && 'payTo' in v) return { kind: 'payment-requirements', version: 2 }
  return undefined
}

const schemaFor: Record<EnvelopeKind, [string, string]> = {
  'payment-required': [schemaIds.v1.paymentRequired, schemaIds.v2.paymentRequired],
  'payment-payload': [schemaIds.v1.paymentPayload, schemaIds.v2.paymentPayload],
  'payment-requirements': [schemaIds.v1.paymentRequirements, schemaIds.v2.paymentRequirements],
  'settle-response': [schemaIds.v1.settleResponse, schemaIds.v2.settleResponse],
  'verify-request': [schemaIds.v1.verifyRequest, schemaIds.v2.verifyRequest],
  'verify-response': [schemaIds.v1.verifyResponse, schemaIds.v2.verifyResponse],
  'supported-response': [schemaIds.v1.supportedResponse, schemaIds.v2.supportedResponse],
}

/** Where the scheme payload of an exact-EVM payment sits, if `value` holds one. */
function exactEvmPayloads(kind: EnvelopeKind, v: Obj): { pointer: string; payload: unknown }[] {
  const isExactEvm = (scheme: unknown, network: unknown) =>
    scheme === 'exact' &&
    typeof network === 'string' &&
    (network.startsWith('eip155:') || (!network.includes(':') && !network.startsWith('solana')))
  const at = (p: unknown, prefix: string) => {
    if (!isObj(p)) return []
    const accepted = isObj(p.accepted) ? p.accepted : p
    return isExactEvm(accepted.scheme, accepted.network) ? [{ pointer: `${prefix}/payload`, payload: p.payload }] : []
  }
  if (kind === 'payment-payload') return at(v, '')
  if (kind === 'verify-request') return at(v.paymentPayload, '/paymentPayload')
  return []
}

/**
 * Recognizes any x402 wire value — a header value (base64) or JSON text (a v1 402 body, a facilitator
 * request or response) — and validates it against our schemas; for exact-EVM payments also the
 * scheme payload. Never throws for bad input.
 */
export function detectEnvelope(input: string): DetectedEnvelope {
  const text = input.trim()
  const encoding = text.startsWith('{') || text.startsWith('[') ? 'json' : 'base64'
  let value: unknown
  try {
    if (encoding === 'json') {
      if (text.length > maxBodyBytes)
        throw new HeaderDecodeError({
          code: 'size',
          what: 'JSON text',
          issues: [{ pointer: '', message: `more than ${maxBodyBytes} bytes` }],
        })
      value = parseJsonText(text, 'JSON text')
    } else value = decodeJsonBytes(decodeBase64Strict(text, 'header value'), 'header value')
  } catch (error) {
    if (!(error instanceof HeaderDecodeError)) throw error
    return {
      encoding,
      kind: undefined,
      version: undefined,
      schemaId: undefined,
      value: undefined,
      valid: false,
      issues: error.issues,
      code: error.code,
    }
  }
  const found = isObj(value) ? classify(value) : undefined
  if (!found || !isObj(value)) {
    const issues = [
      { pointer: '', message: 'is not an x402 envelope (no accepts, payload, paymentPayload, success, isValid or kinds member)' },
    ]
    return { encoding, kind: undefined, version: undefined, schemaId: undefined, value, valid: false, issues, code: 'schema' }
  }
  const schemaId = schemaFor[found.kind][found.version - 1]!
  const issues = [...validateAgainstSchema(schemaId, value).errors]
  for (const { pointer, payload } of exactEvmPayloads(found.kind, value)) {
    if (!isObj(payload)) continue
    for (const e of validateAgainstSchema(schemaIds.exactEvm.payload, payload).errors)
      issues.push({ pointer: `${pointer}${e.pointer}`, message: `${e.message} (exact-EVM payload)` })
  }
  return {
    encoding,
    ...found,
    schemaId,
    value,
    valid: issues.length === 0,
    issues,
    code: issues.length === 0 ? undefined : 'schema',
  }
}
