import type { Version } from '../case.js'
import type { CaseResult, Status } from '../runner.js'
import type { Counts, Report } from './report.js'

/** How the terminal reporter writes: live progress and colour only on an interactive terminal. */
export type TerminalOptions = { write(text: string): void; tty: boolean; color: boolean; verbose?: boolean; quiet?: boolean }

const symbols: Record<Status, string> = { pass: '✓', fail: '✗', warn: '!', skip: '−', xfail: '✗', stale: '✗' }
const colors: Record<Status, number> = { pass: 32, fail: 31, warn: 33, skip: 90, xfail: 36, stale: 35 }
const suffix: Record<Status, string> = { pass: '', fail: '', warn: ' (warning)', skip: '', xfail: ' (expected failure)', stale: ' (stale known failure)' }

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
    o.write(paint(90, `  ${done}/${total} ${first ? `running ${first}${running.size > 1 ? ` (+${running.size - 1})` : ''}` : ''}`.slice(0, 110)))
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
      if (o.quiet && (r.status === 'pass' || r.status === 'skip' || r.status === 'xfail')) return progress()
      const head = `${paint(colors[r.status], symbols[r.status])} ${r.id} v${r.version} ${paint(90, r.level)} ${r.title}${paint(colors[r.status], suffix[r.status])}`
      o.write(`${head}\n`)
      if (r.message !== undefined && (r.status !== 'skip' || o.verbose)) o.write(`    ${paint(r.status === 'skip' ? 90 : colors[r.status], r.message)}\n`)
      if (r.status === 'fail' || r.status === 'stale') {
        const repro = (r.evidence as { reproduction?: unknown } | undefined)?.reproduction
        if (typeof repro === 'string') o.write(`    reproduce: ${repro}\n`)
        o.write(`    clause ${r.clause}\n`)
      }
      progress()
    },
    summary(report: Report) {
      clearProgress()
      const fmt = (c: Counts) =>
        (['pass', 'fail', 'warn', 'skip', 'xfail', 'stale'] as const)
          .filter((k) => c[k] > 0 || k === 'pass' || k === 'fail')
          .map((k) => `${c[k]} ${k}`)
          .join(', ')
      const areas = Object.keys(report.summary.byClauseArea).sort()
      const width = Math.max(...areas.map((a) => a.length), 8)
      o.write('\nby clause area\n')
      for (const a of areas) o.write(`  ${a.padEnd(width)}  ${fmt(report.summary.byClauseArea[a]!)}\n`)
      o.write('by level\n')
      for (const l of ['MUST', 'SHOULD', 'INFO'] as const) o.write(`  ${l.padEnd(width)}  ${fmt(report.summary.byLevel[l])}\n`)
      const verdict =
        report.outcome === 'invalid'
          ? paint(35, 'INVALID RUN: a control case failed, so negative results would mean nothing (exit 4)')
          : report.outcome === 'pass'
            ? paint(32, `PASS (${report.summary.total} results in ${(report.durationMs / 1000).toFixed(1)} s)`)
            : paint(31, `FAIL (${report.summary.counts.fail} failed, ${report.summary.counts.stale} stale)`)
      o.write(`\n${fmt(report.summary.counts)}\nseed ${report.options.seed}\n${verdict}\n`)
    },
  }
}
