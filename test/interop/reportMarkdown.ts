// Renders conformance JSON reports (schemas/report.schema.json) of the upstream peers as the generated
// section of docs/interop.md: per peer, the MUST failures by harm and one table of them (case, version,
// harm, consequence in one line, upstream issue).

export type Status = 'pass' | 'fail' | 'error' | 'warn' | 'skip' | 'xfail' | 'stale'
export type Harm = 'funds' | 'access' | 'availability' | 'interop' | 'hygiene' | 'unclassified'

/** The members of a report this summary reads (older reports have no `harm` and no `error` status). */
export type ReportSummary = {
  options: { seed: number; version: 1 | 2 | null }
  outcome: 'pass' | 'fail' | 'invalid'
  summary: { counts: Partial<Record<Status, number>> }
  cases: {
    id: string
    version: 1 | 2
    clause: string
    level: 'MUST' | 'SHOULD' | 'INFO'
    harm?: Harm
    status: Status
    message: string | null
  }[]
}

/** One upstream target and its report (`null`: the report is missing, the peer was not run). */
export type InteropRun = { key: string; title: string; command: string; report: ReportSummary | null }

/** What a failure means, in one line, and the upstream issue that tracks it (if any). */
export type Note = { consequence: string; issue?: string }

/** The note of a failing case of a run; `undefined` falls back to the first line of the failure message. */
export type NoteOf = (run: InteropRun, c: ReportSummary['cases'][number]) => Note | undefined

export const beginMarker = '<!-- BEGIN GENERATED: conformance results (scripts/interop-report.ts) -->'
export const endMarker = '<!-- END GENERATED -->'

/** Harms that make a MUST (DESIGN §10), in the order every summary prints them. */
export const mustHarms = ['funds', 'access', 'availability', 'interop'] as const

const maxMessage = 160

/** A one-line, table-safe excerpt of a case message. */
export function excerpt(message: string | null): string {
  if (message === null) return ''
  const line = message.replace(/\s+/g, ' ').trim().replaceAll('|', '\\|')
  return line.length > maxMessage ? `${line.slice(0, maxMessage - 1)}…` : line
}

/** The first non-empty line of a message, table-safe. */
export function firstLine(message: string | null): string {
  const line = (message ?? '').split('\n').find((l) => l.trim() !== '') ?? ''
  return excerpt(line)
}

type Case = ReportSummary['cases'][number]

const byIdThenVersion = (a: Case, b: Case) => a.id.localeCompare(b.id) || a.version - b.version
const harmOf = (c: Case): Harm => c.harm ?? 'unclassified'

/** The MUST failures of a report (status `fail` at level MUST). */
export function mustFailures(report: ReportSummary): Case[] {
  return report.cases.filter((c) => c.status === 'fail' && c.level === 'MUST').sort(byIdThenVersion)
}

/** '2 funds, 1 access, 35 availability, 0 interop' (+ 'N unclassified' when some failure has no harm). */
export function harmCounts(failures: readonly Case[]): string {
  const count = (h: Harm) => failures.filter((c) => harmOf(c) === h).length
  const parts = mustHarms.map((h) => `${count(h)} ${h}`)
  const hygiene = count('hygiene')
  if (hygiene > 0) parts.push(`${hygiene} hygiene`)
  const unclassified = count('unclassified')
  if (unclassified > 0) parts.push(`${unclassified} unclassified`)
  return parts.join(', ')
}

function renderRun(run: InteropRun, noteOf: NoteOf): string[] {
  const lines = [`### ${run.title}`, '']
  if (run.report === null) return [...lines, `\`${run.command}\` — not run (no report).`, '']
  const report = run.report
  const n = (s: Status) => report.summary.counts[s] ?? 0
  const failures = mustFailures(report)
  const errors = report.cases.filter((c) => c.status === 'error').sort(byIdThenVersion)
  const hygiene = report.cases.filter((c) => c.level !== 'MUST' && (c.status === 'warn' || c.status === 'fail'))
  lines.push(
    `\`${run.command}\` — outcome **${report.outcome}**, seed ${report.options.seed}: ` +
      `${n('pass')} pass, ${n('fail')} fail, ${n('error')} suite error, ${n('warn')} warn, ${n('skip')} skip.`,
    '',
    `**MUST failures: ${failures.length}** (${harmCounts(failures)}); ` +
      `${hygiene.length} hygiene findings (SHOULD/INFO, fail only under --strict); ${errors.length} suite errors.`,
    '',
  )
  if (failures.length === 0) lines.push('No MUST case fails.', '')
  else {
    lines.push('| case | v | harm | consequence | upstream issue |', '|---|---|---|---|---|')
    for (const c of failures) {
      const note = noteOf(run, c)
      const consequence = note === undefined ? firstLine(c.message) : note.consequence.replaceAll('|', '\\|')
      lines.push(`| \`${c.id}\` | ${c.version} | ${harmOf(c)} | ${consequence} | ${note?.issue ?? ''} |`)
    }
    lines.push('')
  }
  if (errors.length > 0) {
    lines.push('Suite errors (the harness broke, not the target):', '')
    for (const c of errors) lines.push(`- \`${c.id}\` v${c.version}: ${firstLine(c.message)}`)
    lines.push('')
  }
  return lines
}

/** The generated section, markers included. */
export function renderSection(runs: readonly InteropRun[], generatedBy: string, noteOf: NoteOf = () => undefined): string {
  const summary = [
    '| peer | MUST failures | funds | access | availability | interop | suite errors |',
    '|---|---|---|---|---|---|---|',
    ...runs.map((run) => {
      if (run.report === null) return `| ${run.key} | not run | | | | | |`
      const failures = mustFailures(run.report)
      const count = (h: Harm) => failures.filter((c) => harmOf(c) === h).length
      const errors = run.report.cases.filter((c) => c.status === 'error').length
      return `| ${run.key} | ${failures.length} | ${mustHarms.map(count).join(' | ')} | ${errors} |`
    }),
  ]
  const body = [
    beginMarker,
    `_Generated by \`${generatedBy}\` from the JSON reports of the conformance suite run against each upstream ` +
      'peer on a fresh local chain. Per peer: the MUST failures by harm (DESIGN §10) and one row per failing MUST ' +
      'case; the consequence is the calibrated judgement where one is recorded, else the first line of the failure ' +
      'message. Hygiene findings (SHOULD/INFO) are counted, not listed; skipped cases are not shown._',
    '',
    ...summary,
    '',
    ...runs.flatMap((run) => renderRun(run, noteOf)),
    endMarker,
  ]
  return body.join('\n')
}

/** `doc` with its generated section replaced by `section` (which carries the markers). */
export function replaceSection(doc: string, section: string): string {
  const start = doc.indexOf(beginMarker)
  const end = doc.indexOf(endMarker)
  if (start < 0 || end < start) throw new Error('the document has no generated-section markers')
  return doc.slice(0, start) + section + doc.slice(end + endMarker.length)
}
