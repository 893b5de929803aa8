import { X402Error } from '../../src/errors/X402Error.js'

/** A case's expectation was not met; `evidence` says what was seen. */
export class CaseFailure extends X402Error {
  override name = 'CaseFailure' as const
  readonly evidence: Record<string, unknown>
  constructor(message: string, evidence: Record<string, unknown> = {}) {
    super({ shortMessage: message })
    this.evidence = evidence
  }
}

/** The case does not apply to this target (a version, network or route it does not offer). */
export class CaseSkip extends X402Error {
  override name = 'CaseSkip' as const
  constructor(reason: string) {
    super({ shortMessage: reason })
  }
}

/** The harness itself could not do its part (chain unreachable, funding failed): exit 3. */
export class EnvironmentError extends X402Error {
  override name = 'EnvironmentError' as const
}
