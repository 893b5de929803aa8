import { describe, expect, test } from 'vitest'
import { sampleReport, sampleResult } from '../../test/reportSample.js'
import { loadClauses } from '../spec.js'
import { toSummaryMarkdown } from './summaryMarkdown.js'

describe('job summary', () => {
  const md = toSummaryMarkdown(sampleReport())
  const lines = md.split('\n')

  test('the verdict and the harm headline come first', () => {
    expect(lines[0]).toBe('## x402 conformance: ❌ fail')
    expect(lines[2]).toMatch(/^\*\*2 funds, 1 access, 0 availability, 0 interop failing; /)
    expect(lines[4]).toContain('facilitator `https://facilitator.example/`, `https://api.example/paid`')
  })

  test('failures by harm, one row per harm (no unclassified row when every case has one)', () => {
    expect(lines).toContain('| funds | 2 | 0 | 0 | 0 | 0 | 1 |')
    expect(lines).toContain('| access | 1 | 0 | 0 | 0 | 0 | 0 |')
    expect(lines).toContain('| hygiene | 0 | 2 | 0 | 0 | 0 | 0 |')
    expect(md).not.toContain('| unclassified |')
  })

  test('the top findings, most serious harm first, each with its clause', () => {
    const rows = lines.slice(lines.indexOf('### Top findings') + 4).filter((l) => l.startsWith('| '))
    expect(rows.map((r) => r.split(' | ')[1])).toEqual([
      '`facilitator.test.overpay` v2',
      '`facilitator.test.double-settle` v2',
      '`server.test.served` v2',
    ])
    const clause = loadClauses().get('exact-evm.verify.amount-exact')!.text
    expect(rows[0]).toContain('**exact-evm.verify.amount-exact** (MUST): ')
    expect(rows[0]).toContain(clause.replace(/\|/g, '\\|').slice(0, 40))
    expect(rows[0]!.endsWith('| overpay went wrong |')).toBe(true)
  })

  test('suite errors and stale known failures are listed apart from the findings', () => {
    const errors = "### Suite errors (the harness broke, not the target's fault)\n\n"
    expect(md).toContain(`${errors}- \`facilitator.test.ledger-crash\` v2: ledger-crash went wrong`)
    expect(md).toContain('### Stale known failures (listed in --known-failures, but passed)\n\n- `facilitator.test.listed` v2')
  })

  test("a target's message cannot break the table or inject HTML", () => {
    const hostile = { ...sampleResult('x', 'fail', 'funds'), message: 'a | b\n<img src=x onerror=alert(1)>' }
    const row = toSummaryMarkdown(sampleReport([hostile]))
      .split('\n')
      .find((l) => l.includes('facilitator.test.x'))!
    expect(row.endsWith('| a \\| b &lt;img src=x onerror=alert(1)&gt; |')).toBe(true)
  })

  test('a passing run: the verdict, no findings', () => {
    const pass = toSummaryMarkdown(sampleReport([sampleResult('ok', 'pass', 'funds')]))
    expect(pass.split('\n')[0]).toBe('## x402 conformance: ✅ pass')
    expect(pass).not.toContain('Top findings')
  })

  test('at most ten findings, then a count of the rest', () => {
    const many = Array.from({ length: 13 }, (_, i) => sampleResult(`f${i}`, 'fail', 'interop'))
    const text = toSummaryMarkdown(sampleReport(many))
    expect(text.match(/^\| interop \| `/gm)).toHaveLength(10)
    expect(text).toContain('…and 3 more failures: see the HTML or JSON report.')
  })
})
