import type { Case } from '../case.js'
import { CaseSkip } from '../context/failure.js'
import type { TargetDeath } from './exec.js'

/** Cases that stop when the target dies, and what is known of its death. */
export type GuardedCases = { readonly cases: Case[]; death(): TargetDeath | undefined }

/**
 * Wraps every case so that a dead target is one finding, not a cascade: once `died` resolves, a case that is
 * running ends at once as not judged (its requests stop with it), and every later case is not run. Both are
 * skips with the reason; the caller reports the death itself and exits 3.
 *
 * @example
 * const guarded = guardCases(cases, exec.died)
 * await runCases(session, guarded.cases, options)
 * if (guarded.death()) return exitCodes.environment
 */
export function guardCases(cases: readonly Case[], died: Promise<TargetDeath>): GuardedCases {
  let death: TargetDeath | undefined
  const dead = died.then((d) => {
    death = d
    throw new CaseSkip(`not judged: ${d.summary} while this case ran`)
  })
  dead.catch(() => undefined)
  const guard = (kase: Case): Case => ({
    ...kase,
    run: async (t) => {
      if (death) throw new CaseSkip(`not run: ${death.summary}`)
      await Promise.race([kase.run(t), dead])
    },
  })
  return { cases: cases.map(guard), death: () => death }
}
