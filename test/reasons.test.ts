import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadClauses, parseClauses, resolveSpecDir } from '../conformance/spec.js'
import { categoryOf, knownSpellings, reasonCategories, reasons } from '../src/errors/reasons.js'
import { offlineChecks } from '../src/evm/offlineChecks.js'

const chapterFile = '03-exact-evm.md'
const chapter = parseClauses(readFileSync(join(resolveSpecDir(), chapterFile), 'utf8'), chapterFile)
const clauses = loadClauses()
const entries = Object.entries(reasons)
/** Clause areas of chapter 3; only `exact-evm.verify.` clauses are verification steps (the chapter's intro says so). */
const verifyPrefix = 'exact-evm.verify.'
const otherAreas = ['exact-evm.typed-data.', 'exact-evm.client.', 'exact-evm.verification.', 'exact-evm.settle.']

describe('codes and clauses', () => {
  test('every code is tied to a clause that exists in spec/', () => {
    const missing = entries.filter(([, r]) => !clauses.has(r.clause)).map(([code, r]) => `${code} → ${r.clause}`)
    expect(missing).toEqual([])
  })

  test('every clause of chapter 3 is a verification step or belongs to a non-step area', () => {
    const stray = chapter
      .filter((c) => !c.id.startsWith(verifyPrefix) && !otherAreas.some((a) => c.id.startsWith(a)))
      .map((c) => c.id)
    expect(stray).toEqual([])
  })

  test('every verification step of chapter 3 is the clause of a code', () => {
    const used = new Set(entries.map(([, r]) => r.clause as string))
    const unused = chapter.filter((c) => c.id.startsWith(verifyPrefix) && !used.has(c.id)).map((c) => c.id)
    expect(unused).toEqual([])
  })

  test('a verification step has exactly one code', () => {
    const byClause = new Map<string, string[]>()
    for (const [code, r] of entries)
      if (r.clause.startsWith(verifyPrefix)) byClause.set(r.clause, [...(byClause.get(r.clause) ?? []), code])
    expect([...byClause].filter(([, codes]) => codes.length > 1)).toEqual([])
  })

  test('the offline checks run in the order of the spec', () => {
    const line = (reason: keyof typeof reasons) => chapter.find((c) => c.id === reasons[reason].clause)?.line ?? -1
    const lines = offlineChecks.map((c) => line(c.reason))
    expect(lines.every((l) => l > 0)).toBe(true)
    expect(lines).toEqual([...lines].sort((a, b) => a - b))
    expect(line('invalid_x402_version')).toBeLessThan(lines[0]!)
  })
})

describe('categories and spellings', () => {
  test('every category is used by a code', () => {
    const used = new Set(entries.map(([, r]) => r.category as string))
    expect(reasonCategories.filter((c) => !used.has(c))).toEqual([])
  })

  test('codes are lower snake case', () => {
    for (const code of [...Object.keys(reasons), ...Object.keys(knownSpellings)])
      expect(code).toMatch(/^[a-z0-9]+(?:_[a-z0-9]+)*$/)
  })

  test('other spellings do not repeat our codes', () => {
    expect(Object.keys(knownSpellings).filter((s) => Object.hasOwn(reasons, s))).toEqual([])
  })

  test('categoryOf: ours, theirs, unknown', () => {
    expect(categoryOf('invalid_exact_evm_payload_authorization_value_mismatch')).toBe('amount_mismatch')
    expect(categoryOf('invalid_exact_evm_signature')).toBe('invalid_signature')
    expect(categoryOf('invalid_payment_early')).toBe('not_yet_valid')
    expect(categoryOf('toString')).toBeUndefined()
    expect(categoryOf('no_such_code')).toBeUndefined()
  })

  test('the spellings of the upstream specification §9 all have a category', () => {
    const specV1V2 = [
      'insufficient_funds',
      'invalid_exact_evm_payload_authorization_valid_after',
      'invalid_exact_evm_payload_authorization_valid_before',
      'invalid_exact_evm_payload_authorization_value',
      'invalid_exact_evm_payload_authorization_value_mismatch',
      'invalid_exact_evm_payload_signature',
      'invalid_exact_evm_payload_recipient_mismatch',
      'invalid_network',
      'invalid_payload',
      'invalid_payment_requirements',
      'invalid_scheme',
      'unsupported_scheme',
      'invalid_x402_version',
      'invalid_transaction_state',
      'unexpected_verify_error',
      'unexpected_settle_error',
    ]
    expect(specV1V2.filter((c) => categoryOf(c) === undefined)).toEqual([])
  })

  test('every exact-EVM code in the installed upstream @x402/evm has a category', () => {
    const dir = dirname(createRequire(import.meta.url).resolve('@x402/evm'))
    const codes = new Set<string>()
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.m?js$/.test(f))) {
      for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/"(invalid_exact_evm_[a-z0-9_]+)"/g)) codes.add(m[1]!)
    }
    expect(codes.size).toBeGreaterThan(10)
    expect([...codes].filter((c) => categoryOf(c) === undefined)).toEqual([])
  })
})
