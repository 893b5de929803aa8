import { X402Error } from '../src/errors/X402Error.js'

/** The command line is wrong (an unknown option, a bad value): exit 2. */
export class UsageError extends X402Error {
  override name = 'UsageError' as const
}

/** The case set is inconsistent (e.g. two cases share an id). */
export class CaseDefinitionError extends X402Error {
  override name = 'CaseDefinitionError' as const
}

/** A fixture vector could not be built, or the code disagrees with what the vector says. */
export class FixtureError extends X402Error {
  override name = 'FixtureError' as const
}
