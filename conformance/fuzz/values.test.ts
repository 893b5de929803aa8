import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { adversarial, corruptedJson, corruption, damagedText, memberPaths, textDamage } from './values.js'

const doc = { x402Version: 2, paymentPayload: { payload: { signature: '0xab', authorization: { value: '1' } } }, list: [1, 2] }

describe('corruptedJson', () => {
  test('replace: deep nesting is written as text, never built as objects', () => {
    const at = memberPaths(doc).findIndex((p) => p.join('.') === 'x402Version')
    const text = corruptedJson(doc, { op: 'replace', at, value: { kind: 'nest', depth: 50_000, shape: 'array' } })
    expect(text.startsWith('{"x402Version":[[[[')).toBe(true)
    expect(text.length).toBeGreaterThan(100_000)
    expect(() => JSON.parse(text)).not.toThrow()
  })

  test('add-key: __proto__ becomes an own member that survives JSON', () => {
    const text = corruptedJson(doc, { op: 'add-key', at: 0, key: '__proto__', value: { kind: 'literal', value: 1 } })
    expect(text).toContain('"__proto__":1')
    expect(Object.getPrototypeOf(JSON.parse(text))).toBe(Object.prototype)
  })

  test('delete and huge values; the input document is not changed', () => {
    const before = JSON.stringify(doc)
    const at = memberPaths(doc).findIndex((p) => p.join('.') === 'paymentPayload.payload.signature')
    expect(JSON.parse(corruptedJson(doc, { op: 'delete', at })).paymentPayload.payload).toEqual({ authorization: { value: '1' } })
    const huge = corruptedJson(doc, { op: 'replace', at, value: { kind: 'huge', bytes: 5_000, char: '"' } })
    expect(JSON.parse(huge).paymentPayload.payload.signature).toHaveLength(5_000)
    expect(JSON.stringify(doc)).toBe(before)
  })

  test('every generated corruption gives JSON text (property)', () => {
    fc.assert(
      fc.property(corruption, (c) => void JSON.parse(corruptedJson(doc, c))),
      { seed: 1, numRuns: 200 },
    )
  })

  test('adversarial values cover every kind', () => {
    const kinds = new Set(fc.sample(adversarial, { seed: 2, numRuns: 200 }).map((a) => a.kind))
    expect([...kinds].sort()).toEqual(['huge', 'literal', 'nest', 'proto'])
  })
})

describe('damagedText', () => {
  test('truncate, flip, insert, replace', () => {
    expect(damagedText('{"a":1}', { op: 'truncate', at: 3 })).toBe('{"a')
    expect(damagedText('{"a":1}', { op: 'flip', at: 0, xor: 1 })).toBe('z"a":1}')
    expect(damagedText('{"a":1}', { op: 'insert', at: 1, text: ',' })).toBe('{,"a":1}')
    expect(damagedText('{"a":1}', { op: 'replace', text: 'x' })).toBe('x')
  })

  test('positions wrap around the text (property)', () => {
    fc.assert(
      fc.property(textDamage, (d) => typeof damagedText('{"a":1}', d) === 'string'),
      { seed: 3, numRuns: 200 },
    )
  })
})
