import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { defineCase } from '../case.js'
import { SuiteError } from './errors.js'
import { CaseFailure } from './failure.js'
import { createProperty } from './property.js'
import { createScope } from './scope.js'
import type { Session } from './session.js'

const kase = defineCase({
  id: 'facilitator.property.test',
  clause: 'x.y',
  level: 'INFO',
  role: 'facilitator',
  versions: [2],
  title: 'holds',
  run: async () => undefined,
})
const session = { seed: 42, runs: 20, reproduce: '--facilitator http://127.0.0.1:9 ' } as unknown as Session
const property = createProperty(createScope(session, kase, 2, { transcript: [], ledger: [], info: [], warnings: [] }, false))

describe('createProperty', () => {
  test('default: runs the predicate `runs` times', async () => {
    let calls = 0
    await property(fc.nat(), async () => void calls++)
    expect(calls).toBe(20)
    await property(fc.nat(), async () => void calls++, { runs: 3 })
    expect(calls).toBe(23)
  })

  test('a counterexample fails the case, shrunk, with a reproduction', async () => {
    const failing = property(fc.bigInt({ min: 0n, max: 1000n }), async (n) => {
      if (n >= 10n) throw new CaseFailure(`too big: ${n}`, { n: n.toString() })
    })
    const error = (await failing.catch((e: unknown) => e)) as CaseFailure
    expect(error).toBeInstanceOf(CaseFailure)
    expect(error.shortMessage).toMatch(/^property failed after \d+ run\(s\), shrunk \d+ time\(s\): too big: 10$/)
    expect(error.evidence).toMatchObject({ seed: 42, counterexample: ['10'], n: '10' })
    expect(error.evidence['reproduction']).toBe(
      "npx x402-conformance --facilitator http://127.0.0.1:9 --grep '^facilitator\\.property\\.test$' --version 2 --seed 42 --runs 20",
    )
  })

  test('an error of the suite passes through as is', async () => {
    const broken = new SuiteError({ shortMessage: 'the harness broke' })
    await expect(property(fc.nat(), () => Promise.reject(broken))).rejects.toBe(broken)
  })
})
