import { reportHarms } from './harm.js'
import type { ReportHarm } from './harm.js'
import type { Report } from './report.js'

/** Colours of the badge's right half, by the worst harm that fails (the colours of common README badges). */
const colours = { pass: '#4c1', money: '#e05d44', broken: '#fe7d37', minor: '#dfb317', invalid: '#9f9f9f' } as const

/** Widths in pixels of 11px Verdana, near enough to size the badge without a font at hand. */
function textWidth(text: string): number {
  let width = 0
  for (const ch of text) {
    if ("ijlI.,:;·|!'` ".includes(ch)) width += 3.9
    else if ('ftr()[]'.includes(ch)) width += 4.9
    else if ('mwMW'.includes(ch)) width += 10.7
    else if (ch >= 'A' && ch <= 'Z') width += 7.6
    else width += 6.9
  }
  return Math.ceil(width)
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** The badge's message and colour: `pass`, or what fails, counted by harm, most serious first. */
function verdict(report: Report): { message: string; colour: string } {
  if (report.outcome === 'invalid') return { message: 'invalid run', colour: colours.invalid }
  if (report.outcome === 'pass') return { message: 'pass', colour: colours.pass }
  const { byHarm } = report.summary
  const failing = (h: ReportHarm) => byHarm[h].fail
  const parts = reportHarms.filter((h) => failing(h) > 0).map((h) => `${failing(h)} ${h}`)
  const stale = reportHarms.reduce((n, h) => n + byHarm[h].stale, 0)
  if (stale > 0) parts.push(`${stale} stale`)
  const colour =
    failing('funds') + failing('access') > 0
      ? colours.money
      : failing('availability') + failing('interop') + failing('unclassified') > 0
        ? colours.broken
        : colours.minor
  return { message: parts.length > 0 ? parts.join(' · ') : 'fail', colour }
}

/**
 * A small self-contained SVG badge (`--badge`): "x402 conformance | pass" in green, or what fails by harm
 * ("2 funds · 1 access") in red when money or paid content is at stake, orange for other harms.
 *
 * @example
 * writeFileSync('x402-conformance.svg', toBadge(report))
 */
export function toBadge(report: Report): string {
  const label = 'x402 conformance'
  const { message, colour } = verdict(report)
  const left = textWidth(label) + 10
  const right = textWidth(message) + 10
  const width = left + right
  const title = esc(`${label}: ${message}`)
  const text = (x: number, s: string) =>
    `<text x="${x}" y="15" fill="#010101" fill-opacity=".3">${esc(s)}</text><text x="${x}" y="14">${esc(s)}</text>`
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    '<linearGradient id="s" x2="0" y2="100%">',
    '<stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/>',
    '</linearGradient>',
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    '<g clip-path="url(#r)">',
    `<rect width="${left}" height="20" fill="#555"/><rect x="${left}" width="${right}" height="20" fill="${colour}"/>`,
    `<rect width="${width}" height="20" fill="url(#s)"/>`,
    '</g>',
    '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">',
    text(left / 2, label),
    text(left + right / 2, message),
    '</g>',
    '</svg>',
    '',
  ].join('\n')
}
