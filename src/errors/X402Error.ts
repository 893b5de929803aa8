/** Parameters of every {@link X402Error}: one object, rendered the same way every time. */
export type X402ErrorParameters = {
  /** One line saying what went wrong. */
  shortMessage: string
  /** Further detail, e.g. the value that was rejected. */
  details?: string | undefined
  /** Extra lines shown under the message (e.g. one per problem). */
  metaMessages?: readonly string[] | undefined
  /** A spec clause id this error is about. */
  clause?: string | undefined
  cause?: unknown
}

/**
 * Base class of every error this package throws.
 *
 * @example
 * throw new X402Error({ shortMessage: 'unknown network', details: 'eip155:1234' })
 */
export class X402Error extends Error {
  override name = 'X402Error'
  readonly shortMessage: string
  readonly details: string | undefined
  readonly metaMessages: readonly string[]
  readonly clause: string | undefined

  constructor(parameters: X402ErrorParameters) {
    const { shortMessage, details, metaMessages = [], clause, cause } = parameters
    const lines = [shortMessage]
    if (metaMessages.length > 0) lines.push('', ...metaMessages)
    if (details !== undefined) lines.push('', `Details: ${details}`)
    if (clause !== undefined) lines.push(`Clause: ${clause}`)
    super(lines.join('\n'), cause === undefined ? undefined : { cause })
    this.shortMessage = shortMessage
    this.details = details
    this.metaMessages = metaMessages
    this.clause = clause
  }

  /** Follows `cause` down the chain; returns the deepest error, or the first for which `fn` is true. */
  walk(fn?: (error: unknown) => boolean): unknown {
    let current: unknown = this
    for (;;) {
      if (fn?.(current)) return current
      const next = (current as { cause?: unknown } | null)?.cause
      if (next === undefined || next === null) return fn ? null : current
      current = next
    }
  }
}
