import type { Case, Version } from '../case.js'
import type { TargetDeath } from '../targets/exec.js'
import { guardCases } from '../targets/guardCases.js'

/** The cases of a run whose target may die, what is running, and the death once it happened. */
export type DeathWatch = {
  readonly cases: Case[]
  started(id: string, version: Version): void
  ended(id: string, version: Version): void
  death(): TargetDeath | undefined
}

/** The notice printed the moment the target died: what ended it, which cases ran, the tail of its stderr. */
export function deathNotice(death: TargetDeath, running: readonly string[]): string {
  const lines = [`x402-conformance: the target died: ${death.summary}`]
  lines.push(`  while running: ${running.length > 0 ? running.join(', ') : 'no case (between cases)'}`)
  if (death.stderr.length > 0) lines.push('  the last lines of its stderr:', ...death.stderr.slice(-10).map((l) => `    | ${l}`))
  else lines.push('  it wrote nothing to stderr')
  lines.push('  the remaining cases are not run (exit 3)')
  return `${lines.join('\n')}\n`
}

/**
 * Watches `died` (an --exec target's): once it resolves, `write` gets the {@link deathNotice} at once and
 * the cases stop (see `guardCases`). Without `died`, the cases are returned as they are.
 */
export function watchDeath(
  cases: readonly Case[],
  died: Promise<TargetDeath> | undefined,
  write: (text: string) => void,
): DeathWatch {
  const running = new Set<string>()
  const guarded = died ? guardCases(cases, died) : undefined
  void died?.then((death) => write(deathNotice(death, [...running])))
  return {
    cases: guarded ? guarded.cases : [...cases],
    started: (id, version) => running.add(`${id}@v${version}`),
    ended: (id, version) => running.delete(`${id}@v${version}`),
    death: () => guarded?.death(),
  }
}
