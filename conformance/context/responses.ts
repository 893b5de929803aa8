import type { Version } from '../case.js'
import type { Exchange } from './http.js'
import type { Outcome } from './types.js'
import { validateAgainstSchema } from '../../src/codecs/validateAgainstSchema.js'
import { responseSchemaId } from './schemaIds.js'

const str = (v: unknown) => (typeof v === 'string' ? v : undefined)

/** Reads a /verify or /settle answer leniently (the oracles decide what is acceptable). */
export function readOutcome(kind: 'verify' | 'settle', x: Exchange): Outcome {
  const body = (typeof x.body === 'object' && x.body !== null ? x.body : {}) as Record<string, unknown>
  const flag = kind === 'verify' ? body['isValid'] : body['success']
  return {
    ...x,
    kind,
    ok: typeof flag === 'boolean' ? flag : undefined,
    reason: str(kind === 'verify' ? body['invalidReason'] : body['errorReason']) ?? str(body['invalidReason']) ?? str(body['errorReason']),
    payer: str(body['payer']),
    transaction: str(body['transaction']),
  }
}

/**
 * Schema problems of a facilitator answer: a 200 answer must validate against the version's
 * verify-response / settle-response schema. Non-200 answers are judged by the status policy instead.
 */
export function validateResponse(kind: 'verify' | 'settle' | 'supported', version: Version, x: Exchange): string[] {
  if (x.status !== 200) return []
  const { valid, errors } = validateAgainstSchema(responseSchemaId(kind, version), x.body)
  return valid ? [] : errors.map((e) => `${e.pointer || '/'} ${e.message}`)
}
