import { areaOf } from '../case.js'
import type { Report } from './report.js'

const esc = (s: string) =>
  s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')

type Result = Report['cases'][number]
const failed = (c: Result) => c.status === 'fail' || c.status === 'stale'

function testcase(area: string, c: Result): string[] {
  const name = `${c.id} [v${c.version}] ${c.level} ${c.harm}: ${c.title}`
  const lines = [`    <testcase classname="${esc(area)}" name="${esc(name)}" time="${(c.durationMs / 1000).toFixed(3)}">`]
  const props = { harm: c.harm, level: c.level, clause: c.clause, version: String(c.version) }
  lines.push('      <properties>')
  for (const [k, v] of Object.entries(props)) lines.push(`        <property name="${k}" value="${esc(v)}"/>`)
  lines.push('      </properties>')
  const body = () =>
    [
      `clause ${c.clause}${c.clauseText ? `: ${c.clauseText}` : ''}`,
      c.evidence === null ? '' : JSON.stringify(c.evidence, null, 2),
    ].join('\n')
  if (failed(c)) {
    const message = `[${c.harm}] ${c.message ?? c.status}`
    lines.push(`      <failure type="${c.status}" message="${esc(message)}">${esc(body())}</failure>`)
  } else if (c.status === 'error') {
    // JUnit's <error>: the suite broke, which is not a failure of the target.
    const message = `suite error (not the target's fault): ${c.message ?? 'the harness failed'}`
    lines.push(`      <error type="suite-error" message="${esc(message)}">${esc(body())}</error>`)
  } else if (c.status === 'skip') {
    lines.push(`      <skipped message="${esc(c.message ?? 'not applicable')}"/>`)
  }
  const out = [
    c.status === 'warn' ? `warning [${c.harm}]: ${c.message ?? ''}` : '',
    c.status === 'xfail' ? `expected failure [${c.harm}]: ${c.message ?? ''}` : '',
    ...c.info,
  ].filter(Boolean)
  if (out.length > 0) lines.push(`      <system-out>${esc(out.join('\n'))}</system-out>`)
  lines.push('    </testcase>')
  return lines
}

/**
 * JUnit XML: one testsuite per case area, one testcase per case and version. Each testcase carries
 * its harm, level and clause as properties; a failure's message starts with its harm (`[funds] …`);
 * a suite error is an `<error>`, apart from the target's failures.
 */
export function toJUnit(report: Report): string {
  const areas = new Map<string, Result[]>()
  for (const c of report.cases) {
    const a = areaOf(c.id)
    if (!areas.has(a)) areas.set(a, [])
    areas.get(a)!.push(c)
  }
  const counts = (cases: Result[]) =>
    `tests="${cases.length}" failures="${cases.filter(failed).length}" ` +
    `errors="${cases.filter((c) => c.status === 'error').length}" skipped="${cases.filter((c) => c.status === 'skip').length}"`
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>']
  lines.push(`<testsuites name="x402-conformance" ${counts(report.cases)} time="${(report.durationMs / 1000).toFixed(3)}">`)
  for (const [area, cases] of areas) {
    const time = cases.reduce((t, c) => t + c.durationMs, 0) / 1000
    lines.push(`  <testsuite name="${esc(area)}" ${counts(cases)} time="${time.toFixed(3)}">`)
    for (const c of cases) lines.push(...testcase(area, c))
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>', '')
  return lines.join('\n')
}
