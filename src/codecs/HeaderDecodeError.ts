import { X402Error } from '../errors/X402Error.js'
import type { Issue } from './validateAgainstSchema.js'

/** Which layer of a wire value is wrong, from the outside in. */
export type HeaderDecodeErrorCode = 'size' | 'base64' | 'padding' | 'utf8' | 'json' | 'schema'

/** Parameters of {@link HeaderDecodeError}. */
export type HeaderDecodeErrorParameters = {
  code: HeaderDecodeErrorCode
  /** What was being decoded, e.g. `PAYMENT-SIGNATURE header`. */
  what: string
  issues: readonly Issue[]
  clause?: string | undefined
}

const summaries: Record<HeaderDecodeErrorCode, string> = {
  size: 'is too large',
  base64: 'is not standard base64',
  padding: 'has wrong base64 padding',
  utf8: 'does not decode to UTF-8 text',
  json: 'is not JSON',
  schema: 'does not match the schema',
}

/**
 * A wire value (header or 402 body) that could not be decoded. `code` says which layer failed;
 * `issues` lists every problem with a JSON pointer (`''` is the whole value; for layers below JSON
 * the pointer is always `''`).
 */
export class HeaderDecodeError extends X402Error {
  override name = 'HeaderDecodeError' as const
  readonly code: HeaderDecodeErrorCode
  readonly issues: readonly Issue[]

  constructor({ code, what, issues, clause }: HeaderDecodeErrorParameters) {
    super({
      shortMessage: `${what} ${summaries[code]}`,
      metaMessages: issues.map((i) => `${i.pointer === '' ? '(root)' : i.pointer}: ${i.message}`),
      clause,
    })
    this.code = code
    this.issues = issues
  }
}

/** Thrown by an encoder given a value that is not a valid envelope (API misuse). */
export class EnvelopeEncodeError extends X402Error {
  override name = 'EnvelopeEncodeError' as const
  readonly issues: readonly Issue[]

  constructor({ what, issues }: { what: string; issues: readonly Issue[] }) {
    super({
      shortMessage: `cannot encode ${what}: the value is not a valid envelope`,
      metaMessages: issues.map((i) => `${i.pointer === '' ? '(root)' : i.pointer}: ${i.message}`),
    })
    this.issues = issues
  }
}
