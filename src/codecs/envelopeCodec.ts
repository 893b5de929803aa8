import type { z } from 'zod'
import { decodeBase64Strict, decodeJsonBytes, encodeBase64Json } from './base64Json.js'
import { EnvelopeEncodeError, HeaderDecodeError } from './HeaderDecodeError.js'
import { maxHeaderBytes } from './headers.js'
import { omitNullMembers } from './omitNullMembers.js'
import { zodIssues } from './zodIssues.js'

/** Result of a `safeDecode…` function: a value, or the error `decode…` would have thrown. */
export type SafeDecodeResult<T> = { success: true; data: T } | { success: false; error: HeaderDecodeError }

/** Validates a decoded JSON value with a zod schema; throws `HeaderDecodeError` with code `schema`. */
export function parseEnvelope<S extends z.ZodType>(schema: S, json: unknown, what: string, clause?: string): z.infer<S> {
  const result = schema.safeParse(json)
  if (result.success) return result.data as z.infer<S>
  throw new HeaderDecodeError({ code: 'schema', what, issues: zodIssues(result.error), clause })
}

/** base64 header value → JSON → zod-validated envelope. */
export function decodeHeaderWith<S extends z.ZodType>(schema: S, value: string, what: string, clause?: string): z.infer<S> {
  return parseEnvelope(schema, decodeJsonBytes(decodeBase64Strict(value, what), what), what, clause)
}

/**
 * Drops `null` optional members, validates, then encodes as a header value; throws
 * `EnvelopeEncodeError` on an invalid value or one over the size limit.
 */
export function encodeHeaderWith(schema: z.ZodType, value: unknown, what: string): string {
  const clean = omitNullMembers(value)
  const result = schema.safeParse(clean)
  if (!result.success) throw new EnvelopeEncodeError({ what, issues: zodIssues(result.error) })
  const encoded = encodeBase64Json(clean)
  if (encoded.length > maxHeaderBytes) {
    throw new EnvelopeEncodeError({
      what,
      issues: [{ pointer: '', message: `encodes to ${encoded.length} bytes, more than the limit of ${maxHeaderBytes}` }],
    })
  }
  return encoded
}

/** Runs a decoder and returns its error as data instead of throwing it. */
export function safely<T>(decode: () => T): SafeDecodeResult<T> {
  try {
    return { success: true, data: decode() }
  } catch (error) {
    if (error instanceof HeaderDecodeError) return { success: false, error }
    throw error
  }
}

/** The `x402Version` member of a decoded JSON value, if it has one. */
export function versionOf(json: unknown): unknown {
  return typeof json === 'object' && json !== null && !Array.isArray(json)
    ? (json as { x402Version?: unknown }).x402Version
    : undefined
}
