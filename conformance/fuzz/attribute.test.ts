import { describe, expect, test } from 'vitest'
import { attribute } from './attribute.js'
import type { Sent } from './attribute.js'

const payer = '0x1111111111111111111111111111111111111111' as const
const payTo = '0x2222222222222222222222222222222222222222' as const
const token = '0x3333333333333333333333333333333333333333' as const
const expected = { token, from: payer, to: payTo, value: 10_000n }
const n1 = `0x${'01'.repeat(32)}` as const
const n2 = `0x${'02'.repeat(32)}` as const
const transfer = (nonce: `0x${string}` | undefined, value = 10_000n) => ({ token, from: payer, to: payTo, value, nonce })
const sent = (s: Sent | undefined) => new Map(s === undefined ? [] : [[n1, s]])

describe('attribute', () => {
  test("a transfer of this input's payment, or of no known payment, is the input's own", () => {
    const move = { blocks: 2, transfers: [transfer(n2), transfer(undefined, 5n)] }
    expect(attribute(move, n2, sent({ expected, request: {} }))).toEqual({ own: move, late: undefined })
  })

  test('the settlement of an earlier valid payment, mined after its answer, is not held against this input', () => {
    const got = attribute({ blocks: 1, transfers: [transfer(n1)] }, n2, sent({ expected, request: { path: '/a' } }))
    expect(got).toEqual({ own: { blocks: 1, transfers: [] }, late: undefined })
  })

  test('a late transfer that its own payment does not allow is a finding naming that payment', () => {
    const got = attribute({ blocks: 1, transfers: [transfer(n1, 9_999n)] }, n2, sent({ expected, request: { path: '/a' } }))
    expect(got.own.transfers).toEqual([])
    expect(got.late).toMatch(/9999 of .* earlier input, \{"path":"\/a"\}/)
    const harmful = attribute({ blocks: 1, transfers: [transfer(n1)] }, undefined, sent({ expected: undefined, request: {} }))
    expect(harmful.late).toMatch(/mined after its answer/)
  })
})
