import type { Case } from '../../case.js'
import { loadCases } from '../../registry.js'
import { harmOf, reportHarms } from '../../report/harm.js'
import type { ReportHarm } from '../../report/harm.js'
import { loadClauses } from '../../spec.js'
import { parseCommand } from '../args.js'
import { exitCodes } from '../main.js'

export const summary = 'list the conformance cases: id, level, harm, clause, versions, title (counts by harm first)'

const usage = 'usage: x402-conformance list [--json]'

/** How many cases declare each harm (`unclassified`: none declared), most serious first. */
export function countByHarm(cases: readonly Case[]): Record<ReportHarm, number> {
  const counts = Object.fromEntries(reportHarms.map((h) => [h, 0])) as Record<ReportHarm, number>
  for (const c of cases) counts[harmOf(c)]++
  return counts
}

/** The header line of `list`: '287 cases: 40 funds, 31 access, …' (unclassified only when some are). */
export function harmHeader(cases: readonly Case[]): string {
  const counts = countByHarm(cases)
  const parts = reportHarms.filter((h) => h !== 'unclassified' || counts[h] > 0).map((h) => `${counts[h]} ${h}`)
  return `${cases.length} cases: ${parts.join(', ')}`
}

/** The lines of `list`: the header by harm, then one line per case (id, level, harm, clause, versions, title). */
export function listLines(cases: readonly Case[]): string[] {
  const width = (k: (c: Case) => string) => Math.max(...cases.map((c) => k(c).length), 2)
  const wid = width((c) => c.id)
  const wcl = width((c) => c.clause)
  const wh = Math.max(...reportHarms.map((h) => h.length))
  const rows = cases.map((c) =>
    [
      c.id.padEnd(wid),
      c.level.padEnd(6),
      harmOf(c).padEnd(wh),
      c.clause.padEnd(wcl),
      `v${c.versions.join(',v')}`.padEnd(5),
      `${c.control ? '[control] ' : ''}${c.title}`,
    ].join('  '),
  )
  return [harmHeader(cases), ...rows]
}

/** `list --json`: the header counts and one object per case, with its clause's sentence from spec/. */
export function listJson(cases: readonly Case[]): unknown {
  const clauses = loadClauses()
  return {
    total: cases.length,
    byHarm: countByHarm(cases),
    cases: cases.map((c) => ({
      id: c.id,
      level: c.level,
      harm: harmOf(c),
      clause: c.clause,
      clauseText: clauses.get(c.clause)?.text ?? null,
      role: c.role,
      versions: c.versions,
      title: c.title,
      control: c.control === true,
    })),
  }
}

/** `x402-conformance list [--json]`. */
export async function run(argv: string[]): Promise<number> {
  const options = { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } as const
  const parsed = parseCommand('list', usage, argv, options)
  if (typeof parsed === 'number') return parsed
  const { values } = parsed
  const cases = await loadCases()
  const text = values.json ? JSON.stringify(listJson(cases), null, 2) : listLines(cases).join('\n')
  process.stdout.write(`${text}\n`)
  return exitCodes.pass
}
