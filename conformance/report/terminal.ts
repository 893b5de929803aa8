import type { Version } from '../case.js'
import type { CaseResult } from '../runner.js'
import { loadClauses } from '../spec.js'
import { harmOf, reportHarms, reportStatuses } from './harm.js'
import type { Counts, ReportStatus } from './harm.js'
import type { Report } from './report.js'

/** How the terminal reporter writes: live progress and colour only on an interactive terminal. */
export type TerminalOptions = { write(text: string): void; tty: boolean; color: boolean; verbose?: boolean; quiet?: boolean }

const symbols: Record<ReportStatus, string> = { pass: '✓', fail: '✗', error: '‼', warn: '!', skip: '−', xfail: '✗', stale: '✗' }
const colors: Record<ReportStatus, number> = { pass: 32, fail: 31, error: 35, warn: 33, skip: 90, xfail: 36, stale: 35 }
const suffix: Record<ReportStatus, string> = {
  pass: '',
  fail: '',
  error: " (suite error: the harness broke, not the target's fault)",
  warn: ' (warning)',
  skip: '',
  xfail: ' (expected failure)',
  stale: ' (stale known failure)',
}

/** Decides TTY and colour for a stream: no progress in CI or when piped; no colour when not a TTY or NO_COLOR. */
export function terminalOptionsFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): TerminalOptions {
  const tty = stream.isTTY === true && !env['CI']
  return { write: (t) => void stream.write(t), tty, color: tty && env['NO_COLOR'] === undefined && env['TERM'] !== 'dumb' }
}

/** Prints one line per case as results arrive, a live progress line on a TTY, and the summary. */
export function createTerminalReporter(o: TerminalOptions, total: number) {
  const paint = (code: number, text: string) => (o.color ? `\u001b[${code}m${text}\u001b[0m` : text)
  let done = 0
  const running = new Set<string>()
  let progressShown = false
  const clearProgress = () => {
    if (progressShown) o.write('\r\u001b[2K')
    progressShown = false
  }
  const progress = () => {
    if (!o.tty) return
    clearProgress()
    const first = [...running][0]
    o.write(
      paint(
        90,
        `  ${done}/${total} ${first ? `running ${first}${running.size > 1 ? ` (+${running.size - 1})` : ''}` : ''}`.slice(0, 110),
      ),
    )
    progressShown = true
  }
  return {
    start(id: string, version: Version) {
      running.add(`${id} v${version}`)
      progress()
    },
    result(r: CaseResult) {
      running.delete(`${r.id} v${r.version}`)
      done++
      clearProgress()
      const status = r.status as ReportStatus
      if (o.quiet && (status === 'pass' || status === 'skip' || status === 'xfail')) return progress()
      const tag = paint(90, `${r.level} ${harmOf(r)}`)
      const mark = paint(colors[status], symbols[status])
      o.write(`${mark} ${r.id} v${r.version} ${tag} ${r.title}${paint(colors[status], suffix[status])}\n`)
      if (r.message !== undefined && (status !== 'skip' || o.verbose))
        o.write(`    ${paint(status === 'skip' ? 90 : colors[status], r.message)}\n`)
      if (status === 'fail' || status === 'stale' || status === 'error') {
        const repro = (r.evidence as { reproduction?: unknown } | undefined)?.reproduction
        if (typeof repro === 'string') o.write(`    reproduce: ${repro}\n`)
        const text = loadClauses().get(r.clause)?.text
        o.write(`    clause ${r.clause}${text ? `: ${text}` : ''}\n`)
      }
      progress()
    },
    summary(report: Report) {
      clearProgress()
      const fmt = (c: Counts) =>
        reportStatuses
          .filter((k) => c[k] > 0 || k === 'pass' || k === 'fail')
          .map((k) => `${c[k]} ${k === 'error' ? 'suite error' : k}`)
          .join(', ')
      const areas = Object.keys(report.summary.byClauseArea).sort()
      const width = Math.max(...areas.map((a) => a.length), 12)
      const { byHarm, counts } = report.summary
      const harmful = report.summary.headline.startsWith('0 funds, 0 access, 0 availability, 0 interop failing') ? 32 : 31
      o.write(`\n${paint(harmful, report.summary.headline)}\n`)
      o.write('by harm\n')
      for (const h of reportHarms) {
        const n = byHarm[h]
        if (reportStatuses.some((k) => n[k] > 0)) o.write(`  ${h.padEnd(width)}  ${fmt(n)}\n`)
      }
      o.write('by clause area\n')
      for (const a of areas) o.write(`  ${a.padEnd(width)}  ${fmt(report.summary.byClauseArea[a]!)}\n`)
      o.write('by level\n')
      for (const l of ['MUST', 'SHOULD', 'INFO'] as const) o.write(`  ${l.padEnd(width)}  ${fmt(report.summary.byLevel[l])}\n`)
      const verdict =
        report.outcome === 'invalid'
          ? paint(35, 'INVALID RUN: a control case failed, so negative results would mean nothing (exit 4)')
          : report.outcome === 'pass'
            ? paint(32, `PASS (${report.summary.total} results in ${(report.durationMs / 1000).toFixed(1)} s)`)
            : paint(31, `FAIL (${counts.fail} failed, ${counts.stale} stale, ${counts.error} suite errors)`)
      o.write(`\n${fmt(report.summary.counts)}\nseed ${report.options.seed}\n${verdict}\n`)
    },
  }
}
