import { areaOf } from '../case.js'
import type { Report } from './report.js'

const esc = (s: string) =>
  s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')

/** JUnit XML: one testsuite per clause area, one testcase per case and version. */
export function toJUnit(report: Report): string {
  const areas = new Map<string, Report['cases']>()
  for (const c of report.cases) {
    const a = areaOf(c.id)
    if (!areas.has(a)) areas.set(a, [])
    areas.get(a)!.push(c)
  }
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>']
  const failures = report.cases.filter((c) => c.status === 'fail' || c.status === 'stale').length
  const skipped = report.cases.filter((c) => c.status === 'skip').length
  lines.push(`<testsuites name="x402-conformance" tests="${report.cases.length}" failures="${failures}" skipped="${skipped}" time="${(report.durationMs / 1000).toFixed(3)}">`)
  for (const [area, cases] of areas) {
    const f = cases.filter((c) => c.status === 'fail' || c.status === 'stale').length
    const s = cases.filter((c) => c.status === 'skip').length
    const time = cases.reduce((t, c) => t + c.durationMs, 0) / 1000
    lines.push(`  <testsuite name="${esc(area)}" tests="${cases.length}" failures="${f}" skipped="${s}" time="${time.toFixed(3)}">`)
    for (const c of cases) {
      const name = `${c.id} [v${c.version}] ${c.level}: ${c.title}`
      lines.push(`    <testcase classname="${esc(area)}" name="${esc(name)}" time="${(c.durationMs / 1000).toFixed(3)}">`)
      if (c.status === 'fail' || c.status === 'stale') {
        const body = [`clause ${c.clause}${c.clauseText ? `: ${c.clauseText}` : ''}`, c.evidence === null ? '' : JSON.stringify(c.evidence, null, 2)].join('\n')
        lines.push(`      <failure type="${c.status}" message="${esc(c.message ?? c.status)}">${esc(body)}</failure>`)
      } else if (c.status === 'skip') {
        lines.push(`      <skipped message="${esc(c.message ?? 'not applicable')}"/>`)
      }
      const out = [c.status === 'warn' ? `warning: ${c.message ?? ''}` : '', c.status === 'xfail' ? `expected failure: ${c.message ?? ''}` : '', ...c.info].filter(Boolean)
      if (out.length > 0) lines.push(`      <system-out>${esc(out.join('\n'))}</system-out>`)
      lines.push('    </testcase>')
    }
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>', '')
  return lines.join('\n')
}
