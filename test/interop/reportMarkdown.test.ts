import { describe, expect, test } from 'vitest'
import { beginMarker, endMarker, excerpt, renderSection, replaceSection, type InteropRun } from './reportMarkdown.js'

const caseOf = (id: string, version: 1 | 2, status: 'pass' | 'fail' | 'warn' | 'skip', message: string | null = null) => ({
  id,
  version,
  clause: `clause.${id}`,
  level: status === 'warn' ? ('SHOULD' as const) : ('MUST' as const),
  status,
  message,
})

const run: InteropRun = {
  title: 'Some peer',
  command: 'x402-conformance run --facilitator URL',
  report: {
    options: { seed: 7, version: null },
    outcome: 'fail',
    summary: { counts: { pass: 1, fail: 2, warn: 1, skip: 1, xfail: 0, stale: 0 } },
    cases: [
      caseOf('facilitator.b.case', 2, 'fail', 'second'),
      caseOf('facilitator.a.case', 1, 'pass'),
      caseOf('facilitator.b.case', 1, 'fail', 'a | pipe\nand a newline'),
      caseOf('facilitator.c.case', 1, 'skip', 'not offered'),
      caseOf('facilitator.d.case', 2, 'warn', 'expected 400, got 402'),
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
})

describe('renderSection', () => {
  test('lists failing and warned cases by id then version, with the counts', () => {
    const section = renderSection([run], 'tool')
    expect(section.startsWith(beginMarker)).toBe(true)
    expect(section.endsWith(endMarker)).toBe(true)
    expect(section).toContain('outcome **fail**, seed 7: 1 pass, 2 fail, 1 warn, 1 skip.')
    const rows = section.split('\n').filter((l) => l.startsWith('| `'))
    expect(rows).toEqual([
      '| `facilitator.b.case` | 1 | MUST | `clause.facilitator.b.case` | a \\| pipe and a newline |',
      '| `facilitator.b.case` | 2 | MUST | `clause.facilitator.b.case` | second |',
      '| `facilitator.d.case` | 2 | SHOULD (warn) | `clause.facilitator.d.case` | expected 400, got 402 |',
    ])
  })

  test('a run without failures says so', () => {
    const clean = { ...run, report: { ...run.report, cases: [caseOf('facilitator.a.case', 1, 'pass')] } }
    expect(renderSection([clean], 'tool')).toContain('No case fails.')
  })
})

describe('replaceSection', () => {
  test('replaces what is between the markers, markers included', () => {
    const doc = `# Title\n\n${beginMarker}\nold\n${endMarker}\n\ntail\n`
    expect(replaceSection(doc, `${beginMarker}\nnew\n${endMarker}`)).toBe(`# Title\n\n${beginMarker}\nnew\n${endMarker}\n\ntail\n`)
  })

  test('errors: no markers', () => {
    expect(() => replaceSection('# Title\n', 'x')).toThrow('markers')
  })
})
