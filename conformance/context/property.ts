import fc from 'fast-check'
import { SuiteError } from './errors.js'
import { CaseFailure } from './failure.js'
import type { CaseScope } from './scope.js'
import type { TestContext } from './types.js'

const jsonSafe = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as unknown

/** The command that replays one case at one version with the run's seed and run count. */
export function reproduction(scope: CaseScope, runs: number): string {
  const { session, kase, version } = scope
  const grep = `'^${kase.id.replace(/\./g, '\\.')}$'`
  return `npx x402-conformance ${session.reproduce}--grep ${grep} --version ${version} --seed ${session.seed} --runs ${runs}`
}

/** Builds `t.property`: fast-check with the run's seed; a counterexample fails the case with a reproduction. */
export function createProperty(scope: CaseScope): TestContext['property'] {
  const { session } = scope
  return async (arbitrary, predicate, o = {}) => {
    const numRuns = o.runs ?? session.runs
    // Once the case is cancelled, every remaining run (and shrink) ends at once, before any request.
    const cancellable = async (value: Parameters<typeof predicate>[0]) => {
      scope.signal.throwIfAborted()
      await predicate(value)
    }
    const options = { seed: session.seed, numRuns, endOnFailure: false }
    const result = await fc.check(fc.asyncProperty(arbitrary, cancellable), options)
    scope.signal.throwIfAborted()
    if (!result.failed) return
    const cause = result.errorInstance
    if (cause instanceof SuiteError) throw cause
    const why = cause instanceof Error ? ((cause as { shortMessage?: string }).shortMessage ?? cause.message) : String(cause)
    const shrunk = `property failed after ${result.numRuns} run(s), shrunk ${result.numShrinks} time(s)`
    throw new CaseFailure(`${shrunk}: ${why}`, {
      seed: session.seed,
      path: result.counterexamplePath,
      counterexample: jsonSafe(result.counterexample),
      reproduction: reproduction(scope, numRuns),
      ...(cause instanceof CaseFailure ? cause.evidence : {}),
    })
  }
}
