import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { describe, expect, test } from 'vitest'
import type { Harm, Level } from '../case.js'
import type { CaseResult } from '../runner.js'
import { harmHeadline } from './harm.js'
import type { ReportStatus } from './harm.js'
import { toHtml } from './html.js'
import { script } from './htmlAssets.js'
import { toJUnit } from './junit.js'
import { buildReport } from './report.js'
import type { Report } from './report.js'
import { createTerminalReporter } from './terminal.js'

// Results built by hand: every status, every harm, and a case without a harm.
function result(id: string, status: ReportStatus, harm: Harm | undefined, level: Level = 'MUST'): CaseResult {
  return {
    id: `facilitator.test.${id}`,
    version: 2,
    clause: 'exact-evm.verify.amount-exact',
    level,
    harm,
    role: 'facilitator',
    title: `the ${id} case runs`,
    tags: [],
    control: false,
    status: status as CaseResult['status'],
    message: status === 'pass' ? undefined : `${id} went wrong`,
    evidence: status === 'fail' ? { settled: 10001n } : undefined,
    durationMs: 3,
    transcript: [],
    ledger: [],
    info: [],
  }
}

const results: CaseResult[] = [
  result('overpay', 'fail', 'funds'),
  result('served', 'fail', 'access'),
  result('crash', 'fail', 'availability'),
  result('crash-too', 'fail', 'availability'),
  result('peer', 'pass', 'interop'),
  result('order', 'warn', 'hygiene', 'SHOULD'),
  result('member', 'warn', 'hygiene', 'INFO'),
  result('ledger-crash', 'error', 'funds'),
  result('old', 'fail', undefined),
  result('skipped', 'skip', 'interop'),
]

function report(strict = false, rs: CaseResult[] = results): Report {
  return buildReport({
    outcome: { results: rs, invalid: false },
    exitCode: 1,
    startedAt: new Date(0),
    durationMs: 10,
    options: { seed: 7, runs: 1, strict, grep: null, version: null },
    target: { kind: 'embedded', facilitatorUrl: 'http://127.0.0.1:1', serverUrls: [], loopback: true } as never,
    chain: { chainId: 84532, network: 'eip155:84532', rpcUrl: 'http://127.0.0.1:1' },
  })
}

describe('harm headline', () => {
  test('failures by harm first, hygiene as warnings, suite errors and unclassified cases apart', () => {
    expect(report().summary.headline).toBe(
      '1 funds, 1 access, 2 availability, 0 interop, 1 unclassified failing; 2 hygiene (fail under --strict); ' +
        "1 suite error (not the target's fault); 1 results of cases without a harm (unclassified)",
    )
  })

  test('strict: hygiene failures count as failing, INFO hygiene stays a warning', () => {
    const strictResults = results.map((r) => (r.id.endsWith('.order') ? { ...r, status: 'fail' as const } : r))
    expect(report(true, strictResults).summary.headline).toMatch(
      /^1 funds, 1 access, 2 availability, 0 interop, 1 hygiene, 1 unclassified failing; 1 hygiene warnings \(INFO\);/,
    )
  })

  test('a clean run still names every harm', () => {
    const clean = report(false, [result('ok', 'pass', 'funds')]).summary
    expect(harmHeadline(clean.byHarm, false)).toBe(
      '0 funds, 0 access, 0 availability, 0 interop failing; 0 hygiene (fail under --strict)',
    )
  })
})

describe('JSON report', () => {
  const r = report()

  test('each result carries its harm and its clause sentence; the summary counts by harm', () => {
    expect(r.cases.map((c) => c.harm)).toEqual([
      'funds',
      'access',
      'availability',
      'availability',
      'interop',
      'hygiene',
      'hygiene',
      'funds',
      'unclassified',
      'interop',
    ])
    expect(r.cases[0]?.clauseText).toMatch(/overpayment/)
    expect(r.summary.byHarm.funds).toMatchObject({ fail: 1, error: 1 })
    expect(r.summary.byHarm.unclassified.fail).toBe(1)
    expect(r.summary.counts).toEqual({ pass: 1, fail: 5, error: 1, warn: 2, skip: 1, xfail: 0, stale: 0 })
  })

  test('validates against schemas/report.schema.json, which refuses a result without a harm', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true })
    ;(addFormats as unknown as (a: Ajv2020) => void)(ajv)
    const schema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8')) as object
    const validate = ajv.compile(schema)
    const json = JSON.parse(JSON.stringify(r)) as { cases: Record<string, unknown>[] }
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true)
    delete json.cases[0]!['harm']
    expect(validate(json)).toBe(false)
  })
})

describe('JUnit', () => {
  const xml = toJUnit(report())

  test('each testcase has its harm as a property; a failure message starts with its harm', () => {
    expect(xml.match(/<property name="harm" value="[a-z]+"\/>/g)).toHaveLength(results.length)
    expect(xml).toContain('<failure type="fail" message="[funds] overpay went wrong">')
    expect(xml).toContain('<property name="harm" value="unclassified"/>')
    expect(xml).toMatch(/name="facilitator\.test\.overpay \[v2\] MUST funds: /)
  })

  test('a suite error is an <error>, not a <failure>', () => {
    expect(xml.match(/<failure /g)).toHaveLength(5)
    const error = `<error type="suite-error" message="suite error (not the target's fault): ledger-crash went wrong">`
    expect(xml.split(error)).toHaveLength(2)
    expect(xml.match(/<error /g)).toHaveLength(1)
    expect(xml).toMatch(/<testsuites [^>]*failures="5" errors="1" skipped="1"/)
  })
})

describe('HTML', () => {
  const html = toHtml(report())

  test('leads with the harm headline and a table by harm; filters by harm', () => {
    const headline = html.indexOf('class="headline')
    expect(headline).toBeGreaterThan(0)
    expect(headline).toBeLessThan(html.indexOf('by clause area'))
    expect(html).toContain('1 funds, 1 access, 2 availability, 0 interop, 1 unclassified failing')
    for (const h of ['funds', 'access', 'availability', 'interop', 'hygiene', 'unclassified'])
      expect(html).toContain(`data-harm="${h}"`)
    expect(html).toMatch(/<select id="harm">/)
    expect(html).toContain('<option value="error">suite error</option>')
  })

  test('no unclassified row when every case declares its harm', () => {
    expect(toHtml(report(false, [result('ok', 'pass', 'funds')]))).not.toContain('data-harm="unclassified"')
  })

  test('the page script parses', () => {
    expect(() => new Function(script)).not.toThrow()
  })

  test('the embedded data cannot close its script element', () => {
    const hostile = report(false, [{ ...result('x', 'fail', 'funds'), message: '</script><script>alert(1)</script>' }])
    expect(toHtml(hostile)).not.toContain('</script><script>alert(1)')
  })
})

describe('terminal', () => {
  const lines = () => {
    let text = ''
    const t = createTerminalReporter({ write: (s) => void (text += s), tty: false, color: false }, results.length)
    for (const r of results) t.result(r)
    t.summary(report())
    return text.split('\n')
  }

  test('each line names level and harm; a failure quotes its clause', () => {
    const text = lines()
    expect(text).toContain('✗ facilitator.test.overpay v2 MUST funds the overpay case runs')
    expect(text).toContain('✗ facilitator.test.old v2 MUST unclassified the old case runs')
    expect(text.find((l) => l.startsWith('    clause exact-evm.verify.amount-exact: '))).toMatch(/overpayment/)
  })

  test('a suite error is marked as such, not as a failure of the target', () => {
    const line = lines().find((l) => l.includes('ledger-crash'))
    expect(line).toMatch(/^‼ /)
    expect(line).toContain("(suite error: the harness broke, not the target's fault)")
  })

  test('the summary starts with the harm headline, then by harm, then by clause area', () => {
    const text = lines()
    const start = text.findIndex((l) => l.startsWith('1 funds, 1 access'))
    expect(start).toBeGreaterThan(0)
    expect(text[start - 1]).toBe('')
    expect(text[start + 1]).toBe('by harm')
    expect(text.indexOf('by clause area')).toBeGreaterThan(start)
    expect(text.find((l) => l.trimStart().startsWith('funds '))).toMatch(/^ {2}funds +0 pass, 1 fail, 1 suite error$/)
  })
})
