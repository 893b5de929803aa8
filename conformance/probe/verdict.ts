import type { Version } from '../case.js'
import type { Exchange } from '../context/http.js'
import type { CaseResult, Status } from '../runner.js'
import type { ProbeCheck } from './checks.js'

/** What one check found at one URL and version: problems (empty: it holds), notes, or why it did not apply. */
export type Verdict = {
  readonly check: ProbeCheck
  readonly version: Version
  readonly problems: readonly string[]
  readonly info?: readonly string[]
  /** Set when the check did not apply (e.g. no 402 to read offers from). */
  readonly skip?: string
  readonly transcript: readonly Exchange[]
}

/** A verdict (problems or not) of `check`. */
export const verdict = (
  check: ProbeCheck,
  version: Version,
  problems: readonly string[],
  transcript: readonly Exchange[],
  info: readonly string[] = [],
): Verdict => ({ check, version, problems, info, transcript })

/** A verdict saying why `check` did not apply. */
export const skipped = (check: ProbeCheck, version: Version, reason: string): Verdict => ({
  check,
  version,
  problems: [],
  skip: reason,
  transcript: [],
})

/**
 * A verdict as a result of the run's model ({@link CaseResult}), so that every reporter prints it: a MUST
 * problem fails, a SHOULD one fails under `strict` and warns otherwise, INFO only warns.
 */
export function toResult(v: Verdict, url: string, options: { strict: boolean; titleWithUrl: boolean }): CaseResult {
  const { check } = v
  const failed = check.level === 'MUST' || (check.level === 'SHOULD' && options.strict)
  const status: Status = v.skip !== undefined ? 'skip' : v.problems.length === 0 ? 'pass' : failed ? 'fail' : 'warn'
  const message = v.skip ?? (v.problems.length === 0 ? undefined : `${url}: ${v.problems.join('; ')}`)
  return {
    id: check.id,
    version: v.version,
    clause: check.clause,
    level: check.level,
    harm: check.harm,
    role: 'server',
    title: options.titleWithUrl ? `${check.title} — ${url}` : check.title,
    tags: ['probe'],
    control: false,
    status,
    message,
    evidence: { url, problems: [...v.problems] },
    durationMs: Math.round(v.transcript.reduce((ms, x) => ms + x.ms, 0)),
    transcript: [...v.transcript],
    ledger: [],
    info: [...(v.info ?? [])],
  }
}
