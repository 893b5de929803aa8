import { X402Error } from './X402Error.js'

/** A 402 response whose x402 challenge the paying client cannot read. */
export class InvalidChallengeError extends X402Error {
  override name = 'InvalidChallengeError' as const
  constructor({ problem, details, cause, issues }: { problem: string; details?: string; cause?: unknown; issues?: string }) {
    super({ shortMessage: problem, details, cause, metaMessages: issues === undefined ? undefined : [issues] })
  }
}
