import { describe, expect, test, vi } from 'vitest'
import { defineCase } from '../../case.js'
import type { Harm } from '../../case.js'
import { harmHeader, listJson, listLines, run } from './list.js'

const kase = (name: string, harm: Harm | undefined) =>
  defineCase({
    id: `facilitator.amount.${name}`,
    clause: 'exact-evm.verify.amount-exact',
    level: harm === 'hygiene' ? 'SHOULD' : 'MUST',
    ...(harm ? { harm } : {}),
    role: 'facilitator',
    versions: [1, 2],
    title: `the ${name} case runs`,
    run: async () => undefined,
  })

const cases = [kase('overpay', 'funds'), kase('underpay', 'funds'), kase('crash', 'availability'), kase('order', 'hygiene')]

describe('list', () => {
  test('the header counts cases by harm, most serious first', () => {
    expect(harmHeader(cases)).toBe('4 cases: 2 funds, 0 access, 1 availability, 0 interop, 1 hygiene')
  })

  test('a case without a harm is counted and shown as unclassified', () => {
    const lines = listLines([...cases, kase('old', undefined)])
    expect(lines[0]).toBe('5 cases: 2 funds, 0 access, 1 availability, 0 interop, 1 hygiene, 1 unclassified')
    const columns = [
      'facilitator.amount.old',
      'MUST',
      'unclassified',
      'exact-evm.verify.amount-exact',
      'v1,v2',
      'the old case runs',
    ]
    expect(lines.at(-1)?.split(/ {2,}/)).toEqual(columns)
  })

  test('one line per case: id, level, harm, clause, versions, title', () => {
    const lines = listLines(cases)
    expect(lines).toHaveLength(cases.length + 1)
    const columns = [
      'facilitator.amount.overpay',
      'MUST',
      'funds',
      'exact-evm.verify.amount-exact',
      'v1,v2',
      'the overpay case runs',
    ]
    expect(lines[1]?.split(/ {2,}/)).toEqual(columns)
    expect(lines[4]).toMatch(/^facilitator\.amount\.order +SHOULD +hygiene +/)
  })

  test('--json: counts by harm and each case with its harm and clause sentence', () => {
    const json = listJson(cases) as {
      total: number
      byHarm: Record<string, number>
      cases: { harm: string; clauseText: string }[]
    }
    expect(json.total).toBe(4)
    expect(json.byHarm).toEqual({ funds: 2, access: 0, availability: 1, interop: 0, hygiene: 1, unclassified: 0 })
    expect(json.cases.map((c) => c.harm)).toEqual(['funds', 'funds', 'availability', 'hygiene'])
    expect(json.cases[0]?.clauseText).toMatch(/overpayment/)
  })

  test('the command: the registered cases by harm; usage errors exit 2', async () => {
    let out = ''
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((t) => ((out += String(t)), true))
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      expect(await run(['--bogus'])).toBe(2)
      expect(await run(['--json'])).toBe(0)
      const json = JSON.parse(out) as { total: number; byHarm: Record<string, number> }
      expect(Object.values(json.byHarm).reduce((a, b) => a + b, 0)).toBe(json.total)
      expect(json.total).toBeGreaterThan(100)
    } finally {
      stdout.mockRestore()
      stderr.mockRestore()
    }
  })
})
