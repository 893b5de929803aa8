import { describe, expect, test } from 'vitest'
import { exceedsJsonDepth, previewJson } from './jsonDepth.js'

const nested = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown

describe('exceedsJsonDepth', () => {
  test('default', () => {
    expect(exceedsJsonDepth({ a: [1, { b: 2 }] }, 3)).toBe(false)
    expect(exceedsJsonDepth({ a: [1, { b: {} }] }, 3)).toBe(true)
  })
  test('scalars have no depth', () => expect(exceedsJsonDepth('x', 0)).toBe(false))
  test('args: a depth that overflows a recursive walker', () => {
    expect(exceedsJsonDepth(nested(100_000))).toBe(true)
    expect(exceedsJsonDepth({ x402Version: 2, paymentPayload: { payload: { authorization: { from: '0x' } } } })).toBe(false)
  })
})

describe('previewJson', () => {
  test('default', () => expect(previewJson({ a: 1 })).toBe('{"a":1}'))
  test('args: long values are cut', () => {
    expect(previewJson('x'.repeat(500), 20)).toBe('"xxxxxxxxxxxxxxxxxx… (502 characters)')
  })
  test('args: deep values are named, not rendered', () => expect(previewJson(nested(10_000))).toBe('a deeply nested array'))
  test('undefined', () => expect(previewJson(undefined)).toBe('nothing'))
})
