import { describe, expect, test } from 'vitest'
import type { Observation } from './oracles.js'
import { violations } from './oracles.js'

const payer = '0x1111111111111111111111111111111111111111'
const payTo = '0x2222222222222222222222222222222222222222'
const token = '0x3333333333333333333333333333333333333333'
const expected = { token, from: payer, to: payTo, value: 10_000n }
const paidOnce = { blocks: 1, transfers: [{ token, from: payer, to: payTo, value: 10_000n }] } as Observation['move']

function obs(o: Partial<Observation> = {}): Observation {
  return {
    answer: { status: 400, headers: {}, text: '{}', ms: 3 },
    judgement: { valid: false, harmful: true, why: 'the payer holds no funds' },
    move: { blocks: 0, transfers: [] },
    accepted: false,
    served: false,
    alive: true,
    oversized: false,
    ...o,
  }
}

describe('violations', () => {
  test('a refusal with nothing moved violates nothing', () => expect(violations(obs())).toEqual({}))

  test('5xx, no answer, a dead target, a timeout', () => {
    expect(Object.keys(violations(obs({ answer: { status: 500, headers: {}, text: '', ms: 1 } })))).toEqual(['no-5xx'])
    const reset = { status: 0, headers: {}, text: '', ms: 1, error: 'ECONNRESET' }
    expect(violations(obs({ answer: reset }))['no-crash']).toMatch(/dropped/)
    expect(violations(obs({ answer: reset, alive: false }))['no-crash']).toMatch(/stopped answering/)
    expect(violations(obs({ answer: reset, oversized: true }))).toEqual({})
    expect(Object.keys(violations(obs({ answer: { ...reset, error: 'no answer within 10 ms' } })))).toEqual(['time'])
  })

  test('accepting a harmful payment; a lenient acceptance is no finding', () => {
    expect(violations(obs({ accepted: true }))['invalid-not-accepted']).toMatch(/holds no funds/)
    expect(violations(obs({ accepted: true, judgement: { valid: false, harmful: false, why: 'lenient', expected } }))).toEqual({})
  })

  test('funds move only as the expected payment, once', () => {
    const valid = { valid: true, harmful: false, why: 'valid', expected }
    expect(violations(obs({ judgement: valid, move: paidOnce }))).toEqual({})
    expect(violations(obs({ move: paidOnce })).chain).toMatch(/10000 of/)
    const twice = { blocks: 2, transfers: [...paidOnce.transfers, ...paidOnce.transfers] }
    expect(violations(obs({ judgement: valid, move: twice })).chain).toBeDefined()
    const more = { blocks: 1, transfers: [{ token, from: payer, to: payTo, value: 10_001n }] } as Observation['move']
    expect(violations(obs({ judgement: valid, move: more })).chain).toBeDefined()
  })

  test('paid content only with the payment on the ledger', () => {
    const valid = { valid: true, harmful: false, why: 'valid', expected }
    expect(violations(obs({ judgement: valid, served: true }))['paid-content']).toBeDefined()
    expect(violations(obs({ judgement: valid, served: true, move: paidOnce }))).toEqual({})
  })
})
