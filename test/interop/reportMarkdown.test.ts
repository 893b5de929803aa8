import { describe, expect, test } from 'vitest'
import {
  beginMarker,
  endMarker,
  excerpt,
  firstLine,
  harmCounts,
  mustFailures,
  renderSection,
  replaceSection,
  type Harm,
  type InteropRun,
  type ReportSummary,
} from './reportMarkdown.js'

type Case = ReportSummary['cases'][number]

const caseOf = (
  id: string,
  version: 1 | 2,
  status: Case['status'],
  harm: Harm | undefined,
  message: string | null = null,
): Case => ({
  id,
  version,
  clause: `clause.${id}`,
  level: harm === 'hygiene' ? 'SHOULD' : 'MUST',
  ...(harm === undefined ? {} : { harm }),
  status,
  message,
})

const run: InteropRun = {
  key: 'peer',
  title: 'Some peer',
  command: 'x402-conformance run --facilitator URL',
  report: {
    options: { seed: 7, version: null },
    outcome: 'fail',
    summary: { counts: { pass: 1, fail: 3, error: 1, warn: 1, skip: 1, xfail: 0, stale: 0 } },
    cases: [
      caseOf('facilitator.b.case', 2, 'fail', 'availability', 'verify answered 500\nsecond line'),
      caseOf('facilitator.a.case', 1, 'pass', 'funds'),
      caseOf('facilitator.b.case', 1, 'fail', 'availability', 'a | pipe'),
      caseOf('facilitator.c.case', 1, 'skip', 'funds', 'not offered'),
      caseOf('facilitator.d.case', 2, 'warn', 'hygiene', 'expected 400, got 402'),
      caseOf('facilitator.e.case', 2, 'fail', 'funds', 'charged twice'),
      caseOf('facilitator.f.case', 1, 'error', 'access', 'harness crashed\nstack'),
    ],
  },
}

describe('excerpt', () => {
  test('default', () => {
    expect(excerpt('a | b\n  c')).toBe('a \\| b c')
    expect(excerpt(null)).toBe('')
  })

  test('args: long message', () => {
    const long = excerpt('x'.repeat(500))
    expect(long).toHaveLength(160)
    expect(long.endsWith('…')).toBe(true)
  })

  test('firstLine: the first non-empty line only', () => {
    expect(firstLine('\n  \nfirst | one\nsecond')).toBe('first \\| one')
    expect(firstLine(null)).toBe('')
  })
})

describe('mustFailures and harmCounts', () => {
  test('MUST cases with status fail, by id then version, counted by harm', () => {
    const failures = mustFailures(run.report!)
    expect(failures.map((c) => `${c.id} v${c.version}`)).toEqual([
      'facilitator.b.case v1',
      'facilitator.b.case v2',
      'facilitator.e.case v2',
    ])
    expect(harmCounts(failures)).toBe('1 funds, 0 access, 2 availability, 0 interop')
  })

  test('a report without harms (older format) counts its failures as unclassified', () => {
    expect(harmCounts([caseOf('facilitator.x', 1, 'fail', undefined)])).toBe(
      '0 funds, 0 access, 0 availability, 0 interop, 1 unclassified',
    )
  })
})

describe('renderSection', () => {
  test('per peer: counts by harm, one row per MUST failure with its note or the first line of its message', () => {
    const section = renderSection([run], 'tool', (_run, c) =>
      c.id === 'facilitator.e.case' ? { consequence: 'payer charged twice', issue: 'org/repo#1' } : undefined,
    )
    expect(section.startsWith(beginMarker)).toBe(true)
    expect(section.endsWith(endMarker)).toBe(true)
    expect(section).toContain('| peer | 3 | 1 | 0 | 2 | 0 | 1 |')
    expect(section).toContain('outcome **fail**, seed 7: 1 pass, 3 fail, 1 suite error, 1 warn, 1 skip.')
    expect(section).toContain('**MUST failures: 3** (1 funds, 0 access, 2 availability, 0 interop); 1 hygiene findings')
    const rows = section.split('\n').filter((l) => l.startsWith('| `'))
    expect(rows).toEqual([
      '| `facilitator.b.case` | 1 | availability | a \\| pipe |  |',
      '| `facilitator.b.case` | 2 | availability | verify answered 500 |  |',
      '| `facilitator.e.case` | 2 | funds | payer charged twice | org/repo#1 |',
    ])
    expect(section).toContain('- `facilitator.f.case` v1: harness crashed')
  })

  test('a run without MUST failures says so; a missing report is shown as not run', () => {
    const clean = { ...run, report: { ...run.report!, cases: [caseOf('facilitator.a.case', 1, 'pass', 'funds')] } }
    expect(renderSection([clean], 'tool')).toContain('No MUST case fails.')
    const missing = renderSection([{ ...run, key: 'gone', report: null }], 'tool')
    expect(missing).toContain('| gone | not run |')
    expect(missing).toContain('not run (no report)')
  })
})

describe('replaceSection', () => {
  test('replaces what is between the markers, markers included', () => {
    const doc = `# Title\n\n${beginMarker}\nold\n${endMarker}\n\ntail\n`
    expect(replaceSection(doc, `${beginMarker}\nnew\n${endMarker}`)).toBe(
      `# Title\n\n${beginMarker}\nnew\n${endMarker}\n\ntail\n`,
    )
  })

  test('errors: no markers', () => {
    expect(() => replaceSection('# Title\n', 'x')).toThrow('markers')
  })
})
