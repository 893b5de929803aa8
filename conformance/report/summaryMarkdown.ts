import { reportHarms } from './harm.js'
import type { Report } from './report.js'

type Case = Report['cases'][number]

/** How many findings the summary lists; the rest are in the JSON, JUnit and HTML reports. */
const topCount = 10

/** Text for one Markdown table cell: no pipes or line breaks, and no HTML from the target's answers. */
const cell = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim()

const verdicts: Record<Report['outcome'], string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  invalid: '⚠️ invalid run (a control case failed: the other results mean nothing)',
}

function target(report: Report): string {
  const { kind, facilitatorUrl, serverUrls } = report.target
  const urls = [facilitatorUrl, ...serverUrls].filter((u): u is string => u !== null)
  return urls.length > 0 ? `${kind} ${urls.map((u) => `\`${cell(u)}\``).join(', ')}` : kind
}

function byHarmTable(report: Report): string[] {
  const lines = ['| harm | fail | warn | pass | skip | expected failures | suite errors |', '|---|---:|---:|---:|---:|---:|---:|']
  for (const h of reportHarms) {
    const c = report.summary.byHarm[h]
    if (h === 'unclassified' && Object.values(c).every((n) => n === 0)) continue
    lines.push(`| ${h} | ${c.fail} | ${c.warn} | ${c.pass} | ${c.skip} | ${c.xfail} | ${c.error} |`)
  }
  return lines
}

function finding(c: Case): string {
  const clause = `**${cell(c.clause)}** (${c.level})${c.clauseText ? `: ${cell(c.clauseText)}` : ''}`
  return `| ${c.harm} | \`${cell(c.id)}\` v${c.version} | ${clause} | ${cell(c.message ?? c.title)} |`
}

function findings(report: Report): string[] {
  const rank = (c: Case) => reportHarms.indexOf(c.harm)
  const failed = report.cases.filter((c) => c.status === 'fail').sort((a, b) => rank(a) - rank(b))
  if (failed.length === 0) return []
  const lines = ['', '### Top findings', '', '| harm | case | clause | what happened |', '|---|---|---|---|']
  lines.push(...failed.slice(0, topCount).map(finding))
  if (failed.length > topCount) lines.push('', `…and ${failed.length - topCount} more failures: see the HTML or JSON report.`)
  return lines
}

function listed(title: string, cases: Case[], text: (c: Case) => string): string[] {
  if (cases.length === 0) return []
  return ['', `### ${title}`, '', ...cases.slice(0, topCount).map((c) => `- \`${cell(c.id)}\` v${c.version}: ${cell(text(c))}`)]
}

/**
 * The job summary (`--summary`, and `$GITHUB_STEP_SUMMARY` when set): the verdict, the harm headline,
 * failures by harm, the top findings with their clause, then suite errors and stale known failures.
 *
 * @example
 * appendFileSync(process.env.GITHUB_STEP_SUMMARY!, toSummaryMarkdown(report))
 */
export function toSummaryMarkdown(report: Report): string {
  const seconds = (report.durationMs / 1000).toFixed(1)
  const stale = report.cases.filter((c) => c.status === 'stale')
  const errors = report.cases.filter((c) => c.status === 'error')
  const lines = [
    `## x402 conformance: ${verdicts[report.outcome]}`,
    '',
    `**${cell(report.summary.headline)}**`,
    '',
    `Target: ${target(report)} · ${report.summary.total} results in ${seconds} s · seed ${report.options.seed}` +
      `${report.options.strict ? ' · strict' : ''} · x402-conformance ${report.tool.version}`,
    '',
    ...byHarmTable(report),
    ...findings(report),
    ...listed("Suite errors (the harness broke, not the target's fault)", errors, (c) => c.message ?? 'the harness failed'),
    ...listed('Stale known failures (listed in --known-failures, but passed)', stale, (c) => c.title),
    '',
  ]
  return `${lines.join('\n')}\n`
}
