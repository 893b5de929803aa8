import { reportHarms } from './harm.js'
import type { Counts, ReportHarm, ReportStatus } from './harm.js'
import { script, style } from './htmlAssets.js'
import type { Report } from './report.js'

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** What a failure of each harm means (DESIGN §10), shown beside the counts. */
export const harmMeaning: Record<ReportHarm, string> = {
  funds: 'a payer charged wrongly or twice, or a payee not paid',
  access: 'paid content served without a settled payment',
  availability: 'a crash, a 5xx on client input, a hang, leaked internals',
  interop: 'a conforming peer cannot transact with it',
  hygiene: 'stricter than needed or a better practice; fails only under --strict',
  unclassified: 'the case does not declare its harm yet',
}

const columns: readonly [ReportStatus, string][] = [
  ['fail', 'failing'],
  ['error', 'suite error'],
  ['warn', 'warn'],
  ['xfail', 'expected'],
  ['stale', 'stale'],
  ['pass', 'pass'],
  ['skip', 'skipped'],
]

const cells = (n: Counts) => columns.map(([k]) => `<td class="n${n[k] ? '' : ' z'}">${n[k]}</td>`).join('')
const heads = (first: string) => `<tr><th>${first}</th>${columns.map(([, label]) => `<th>${label}</th>`).join('')}</tr>`

function harmTable(report: Report): string {
  const rows = reportHarms
    .filter((h) => h !== 'unclassified' || Object.values(report.summary.byHarm.unclassified).some((n) => n > 0))
    .map((h) => {
      const n = report.summary.byHarm[h]
      const label = `<span class="pill h-${h}">${h}</span> <span class="harmdesc">${esc(harmMeaning[h])}</span>`
      return `<tr class="pick" data-harm="${h}"${n.fail > 0 ? ' data-status="fail"' : ''}><td>${label}</td>${cells(n)}</tr>`
    })
  return `<table>${heads('harm')}${rows.join('')}</table>`
}

function areaTable(report: Report): string {
  const rows = Object.entries(report.summary.byClauseArea)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([a, n]) => `<tr><td><code>${esc(a)}</code></td>${cells(n)}</tr>`)
  return `<table>${heads('clause area')}${rows.join('')}</table>`
}

const statusLabel = (s: string) => (s === 'error' ? 'suite error' : s)

const options = (values: readonly string[], label: (v: string) => string = (v) => v) =>
  values.map((v) => `<option value="${v}">${esc(label(v))}</option>`).join('')

/**
 * One self-contained HTML file: failures by harm first, then by clause area; a table of results
 * filterable by status, harm, level and clause area; each result shows its requirement (the clause's
 * sentence), the case, what was seen, evidence, ledger deltas and transcripts.
 */
export function toHtml(report: Report): string {
  const data = JSON.stringify(report).replace(/</g, '\\u003c')
  const c = report.summary.counts
  const pills = columns
    .filter(([k]) => c[k] > 0)
    .map(([k, label]) => `<span class="pill ${k}">${c[k]} ${label}</span>`)
    .join(' ')
  const target =
    report.target.kind === 'embedded'
      ? 'embedded reference roles'
      : [report.target.facilitatorUrl, ...report.target.serverUrls].filter(Boolean).join(', ')
  const meta = [
    target,
    ...(report.chain ? [`chain ${report.chain.chainId}`] : []),
    `seed ${report.options.seed}`,
    `${(report.durationMs / 1000).toFixed(1)} s`,
    report.startedAt,
    `${report.tool.name} ${report.tool.version}`,
    ...(report.options.strict ? ['strict'] : []),
  ]
  const statuses = columns.map(([k]) => k)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>x402 conformance — ${esc(report.outcome)}</title><style>${style}</style></head>
<body><header><h1>x402 conformance: <span class="pill ${report.outcome}">${esc(report.outcome.toUpperCase())}</span></h1>
<div class="meta">${esc(meta.join(' · '))}</div></header>
<main><p class="headline ${report.outcome === 'pass' ? 'good' : 'bad'}">${esc(report.summary.headline)}</p>
<div class="bar">${pills}</div>
<h2>by harm</h2>${harmTable(report)}
<details><summary><h2 style="display:inline">by clause area</h2></summary>${areaTable(report)}</details>
<div class="bar" id="filters">
<label>status <select id="status"><option value="">all</option>${options(statuses, statusLabel)}</select></label>
<label>harm <select id="harm"><option value="">all</option>${options(reportHarms)}</select></label>
<label>level <select id="level"><option value="">all</option>${options(['MUST', 'SHOULD', 'INFO'])}</select></label>
<label>clause area <select id="area"><option value="">all</option></select></label>
<label>search <input id="q" type="search"></label><span id="count" class="muted"></span></div>
<div class="row thead">${['status', 'harm', 'level', 'case', 'v', 'what happens'].map((h) => `<span>${h}</span>`).join('')}</div>
<div id="cases"></div></main>
<script type="application/json" id="data">${data}</script>
<script>${script}</script></body></html>
`
}
