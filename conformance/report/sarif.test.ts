import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { describe, expect, test } from 'vitest'
import { sampleReport, sampleResult } from '../../test/reportSample.js'
import { loadClauses } from '../spec.js'
import type { SarifLog } from './sarif.js'
import { toSarif } from './sarif.js'

// The SARIF 2.1.0 schema as published (draft-04; see test/sarif-schema/README.md). Its only draft-04-isms
// are the `id` and `$schema` keywords at the root, so it compiles as draft-07 once `id` is `$id`. Its
// `language` pattern is not a valid unicode regular expression (the errata fixed it): compiled without `u`.
function sarifValidator() {
  const text = readFileSync(new URL('../../test/sarif-schema/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')
  const { $schema: _draft04, id, ...schema } = JSON.parse(text) as Record<string, unknown>
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false })
  ;(addFormats as unknown as (a: Ajv) => void)(ajv)
  return ajv.compile({ $id: id as string, ...schema })
}

const validate = sarifValidator()
const parse = (text: string) => JSON.parse(text) as SarifLog
const log = parse(toSarif(sampleReport()))
const run = log.runs[0]

describe('SARIF', () => {
  test('validates against the SARIF 2.1.0 schema', () => {
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true)
  })

  test('the schema refuses a log it must refuse', () => {
    const broken = parse(toSarif(sampleReport())) as unknown as { runs: { results: { level: string }[] }[] }
    broken.runs[0]!.results[0]!.level = 'critical'
    expect(validate(broken)).toBe(false)
  })

  test('every region has a start line (the 2.1.0 errata adds this rule to the schema)', () => {
    const regions = run.results.flatMap((r) => r.locations.map((l) => l.physicalLocation.region))
    expect(regions.length).toBeGreaterThan(0)
    for (const region of regions) expect(region?.startLine).toBeGreaterThan(0)
  })

  test('one rule per case: the clause sentence, help with the clause id and where it stands in spec/', () => {
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(sampleReport().cases.map((c) => c.id))
    const overpay = run.tool.driver.rules[0]!
    const clause = loadClauses().get('exact-evm.verify.amount-exact')!
    expect(overpay.shortDescription.text).toBe(clause.text)
    expect(overpay.help.markdown).toContain('**exact-evm.verify.amount-exact** (MUST, harm: funds)')
    expect(overpay.help.markdown).toContain(`(spec/${clause.file}#L${clause.line})`)
    expect(overpay.properties).toMatchObject({ harm: 'funds', level: 'MUST', 'security-severity': '9.0' })
    expect(overpay.defaultConfiguration.level).toBe('error')
  })

  test('one result per failure, warning and expected failure; level from harm', () => {
    const levels = Object.fromEntries(run.results.map((r) => [r.ruleId.replace(/^\w+\.test\./, ''), r.level]))
    expect(levels).toEqual({
      overpay: 'error',
      'double-settle': 'error',
      served: 'error',
      order: 'warning',
      member: 'note',
      known: 'error',
    })
    const known = run.results.find((r) => r.ruleId.endsWith('.known'))!
    expect(known.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'listed in --known-failures' }])
    expect(run.results.every((r) => run.tool.driver.rules[r.ruleIndex]!.id === r.ruleId)).toBe(true)
  })

  test('a location points at the clause in spec/; the target URL is a property', () => {
    const clause = loadClauses().get('envelopes.closed-exact-evm')!
    const order = run.results.find((r) => r.ruleId.endsWith('.order'))!
    expect(order.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: `spec/${clause.file}`, uriBaseId: 'X402_CONFORMANCE' },
      region: { startLine: clause.line },
    })
    expect(order.properties['targetUrls']).toEqual(['https://facilitator.example/'])
    expect(run.results.find((r) => r.ruleId.endsWith('.served'))!.properties['targetUrls']).toEqual(['https://api.example/paid'])
    expect(order.message.text).toBe('[hygiene] order went wrong (protocol v2; clause envelopes.closed-exact-evm)')
  })

  test('a suite error and a stale known failure are notifications, not findings about the target', () => {
    const invocation = run.invocations[0]
    expect(invocation.executionSuccessful).toBe(false)
    expect(invocation.toolExecutionNotifications.map((n) => n.descriptor.id)).toEqual(['facilitator.test.ledger-crash'])
    expect(invocation.toolConfigurationNotifications[0]!.message.text).toMatch(/^listed in --known-failures but passed at v2/)
    expect(run.results.some((r) => /ledger-crash|listed|skipped|peer/.test(r.ruleId))).toBe(false)
  })

  test('a clean run has rules and no results', () => {
    const clean = parse(toSarif(sampleReport([sampleResult('ok', 'pass', 'funds')])))
    expect(validate(clean), JSON.stringify(validate.errors)).toBe(true)
    expect(clean.runs[0].results).toEqual([])
    expect(clean.runs[0].invocations[0].executionSuccessful).toBe(true)
    expect(clean.runs[0].properties['outcome']).toBe('pass')
  })
})
