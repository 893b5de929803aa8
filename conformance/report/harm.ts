import { harms } from '../case.js'
import type { Harm } from '../case.js'
import type { Status } from '../runner.js'

/** A result's harm as reported: the case's, or `unclassified` when the case does not declare one. */
export type ReportHarm = Harm | 'unclassified'
/** Every reported harm, most serious first (the order of every summary). */
export const reportHarms: readonly ReportHarm[] = [...harms, 'unclassified']

/**
 * A result's status as reported. `error`: the suite itself broke while running the case (a harness
 * crash, not the target's fault); the reporters show it as a suite error, apart from target failures.
 */
export type ReportStatus = Status | 'error'
/** Every reported status, in the order summaries print them. */
export const reportStatuses: readonly ReportStatus[] = ['pass', 'fail', 'error', 'warn', 'skip', 'xfail', 'stale']

/** Counts per status. */
export type Counts = Record<ReportStatus, number>

/** Zero counts. */
export const emptyCounts = (): Counts => ({ pass: 0, fail: 0, error: 0, warn: 0, skip: 0, xfail: 0, stale: 0 })

/** The harm of a case or result; a missing one is `unclassified`, never silently dropped. */
export function harmOf(x: { readonly harm?: Harm | undefined }): ReportHarm {
  return x.harm ?? 'unclassified'
}

/** Zero counts per harm. */
export const emptyByHarm = (): Record<ReportHarm, Counts> =>
  Object.fromEntries(reportHarms.map((h) => [h, emptyCounts()])) as Record<ReportHarm, Counts>

/** The harms whose failures fail the run: all but hygiene, which fails only under `--strict`. */
const serious: readonly ReportHarm[] = ['funds', 'access', 'availability', 'interop']

/**
 * The first line of every summary: failures by harm, then hygiene, then what needs a second look.
 *
 * @example
 * harmHeadline(byHarm, false) // '2 funds, 1 access, 0 availability, 6 interop failing; 40 hygiene (fail under --strict)'
 */
export function harmHeadline(byHarm: Record<ReportHarm, Counts>, strict: boolean): string {
  const failing = serious.map((h) => `${byHarm[h].fail} ${h}`)
  const hygiene = byHarm.hygiene
  if (strict && hygiene.fail > 0) failing.push(`${hygiene.fail} hygiene`)
  if (byHarm.unclassified.fail > 0) failing.push(`${byHarm.unclassified.fail} unclassified`)
  const parts = [`${failing.join(', ')} failing`]
  if (!strict) parts.push(`${hygiene.fail + hygiene.warn} hygiene (fail under --strict)`)
  else if (hygiene.warn > 0) parts.push(`${hygiene.warn} hygiene warnings (INFO)`)
  const otherWarnings = reportHarms.filter((h) => h !== 'hygiene').reduce((n, h) => n + byHarm[h].warn, 0)
  if (otherWarnings > 0) parts.push(`${otherWarnings} other warnings`)
  const total = (k: ReportStatus) => reportHarms.reduce((n, h) => n + byHarm[h][k], 0)
  const errors = total('error')
  if (errors > 0) parts.push(`${errors} suite ${errors === 1 ? 'error' : 'errors'} (not the target's fault)`)
  const unclassified = reportStatuses.reduce((n, k) => n + byHarm.unclassified[k], 0)
  if (unclassified > 0) parts.push(`${unclassified} results of cases without a harm (unclassified)`)
  return parts.join('; ')
}
