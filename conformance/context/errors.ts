import { X402Error } from '../../src/errors/X402Error.js'
import { CaseFailure, CaseSkip } from './failure.js'

/**
 * The suite itself went wrong, not the target: a case misused the context (`t.sign` without a key), or
 * the harness could not do its own part of a case (viem refused an address the case built, the harness's
 * own transaction failed). The runner reports it as an error of the suite, never as the target's failure.
 *
 * @example
 * throw new SuiteError({ shortMessage: 't.sign: no key for 0x…', details: 'pass options.signer' })
 */
export class SuiteError extends X402Error {
  override name = 'SuiteError' as const
}

/**
 * Runs one step of the harness's own work; any error it throws becomes a {@link SuiteError} (a SuiteError,
 * or a case's verdict or skip, passes through unchanged).
 */
export async function harnessStep<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step()
  } catch (error) {
    if (error instanceof SuiteError || error instanceof CaseFailure || error instanceof CaseSkip) throw error
    const message = error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error)
    throw new SuiteError({ shortMessage: `the harness could not ${what}`, details: message.split('\n')[0], cause: error })
  }
}
