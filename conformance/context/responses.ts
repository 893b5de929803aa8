import type { Version } from '../case.js'
import type { Exchange } from './http.js'
import type { Outcome } from './types.js'
import { validateAgainstSchema } from '../../src/codecs/validateAgainstSchema.js'
import { responseSchemaId } from './schemaIds.js'
import type { z } from 'zod'
import { settleResponseShape as settle, verifyResponseShape as verify } from '../../src/types/responses.js'

/** One member read with its type in the shared answer shape; undefined when absent or of another type. */
const member = <T>(type: z.ZodType<T>, value: unknown): NonNullable<T> | undefined => {
  const read = type.safeParse(value)
  return read.success ? (read.data ?? undefined) : undefined
}

/** Reads a /verify or /settle answer leniently (the oracles decide what is acceptable). */
export function readOutcome(kind: 'verify' | 'settle', x: Exchange): Outcome {
  const body = (typeof x.body === 'object' && x.body !== null ? x.body : {}) as Record<string, unknown>
  const invalidReason = member(verify.invalidReason, body['invalidReason'])
  const errorReason = member(settle.errorReason, body['errorReason'])
  return {
    ...x,
    kind,
    ok: kind === 'verify' ? member(verify.isValid, body['isValid']) : member(settle.success, body['success']),
    reason: kind === 'verify' ? (invalidReason ?? errorReason) : (errorReason ?? invalidReason),
    payer: member(verify.payer, body['payer']),
    transaction: member(settle.transaction, body['transaction']),
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
