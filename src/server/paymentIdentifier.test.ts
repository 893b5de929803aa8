import { describe, expect, test } from 'vitest'
import { createMemoryPaymentIdStore, paymentFingerprint, readPaymentId } from './paymentIdentifier.js'

const withId = (id: unknown) => ({ extensions: { 'payment-identifier': { info: { required: true, id } } } })

describe('readPaymentId', () => {
  test('default', () => {
    expect(readPaymentId(withId('pay_0123456789abcdef'))).toEqual({ kind: 'id', id: 'pay_0123456789abcdef' })
  })
  test('no extension, or no id', () => {
    expect(readPaymentId({})).toEqual({ kind: 'none' })
    expect(readPaymentId({ extensions: { 'payment-identifier': { info: { required: false } } } })).toEqual({ kind: 'none' })
  })
  test.each([
    ['15 characters', 'a'.repeat(15)],
    ['129 characters', 'a'.repeat(129)],
    ['a dot', 'pay.0123456789abcdef'],
    ['a number', 1234567890123456],
  ])('malformed: %s', (_name, id) => {
    expect(readPaymentId(withId(id)).kind).toBe('malformed')
  })
  test('bounds: 16 and 128 characters are ids', () => {
    expect(readPaymentId(withId('a'.repeat(16))).kind).toBe('id')
    expect(readPaymentId(withId('a'.repeat(128))).kind).toBe('id')
  })
})

describe('paymentFingerprint', () => {
  test('member order does not matter, any value does', () => {
    const a = paymentFingerprint({ x: 1, y: { b: 2, a: [1, { d: 1, c: 2 }] } })
    expect(paymentFingerprint({ y: { a: [1, { c: 2, d: 1 }], b: 2 }, x: 1 })).toBe(a)
    expect(paymentFingerprint({ x: 1, y: { b: 2, a: [1, { d: 1, c: 3 }] } })).not.toBe(a)
  })
})

describe('createMemoryPaymentIdStore', () => {
  const answer = { status: 200, headers: [] as [string, string][], body: new Uint8Array([1]) }
  test('lock is exclusive until released', async () => {
    const store = createMemoryPaymentIdStore()
    expect(await store.lock('id', 'f1')).toBe(true)
    expect(await store.lock('id', 'f2')).toBe(false)
    expect(await store.get('id')).toEqual({ fingerprint: 'f1' })
    await store.release('id')
    expect(await store.lock('id', 'f2')).toBe(true)
  })
  test('args: ttlMs and maxEntries', async () => {
    let now = 0
    const store = createMemoryPaymentIdStore({ ttlMs: 10, maxEntries: 2, now: () => now })
    await store.put('a', { fingerprint: 'f', answer })
    await store.lock('b', 'f')
    await store.lock('c', 'f')
    expect(await store.get('a')).toBeUndefined()
    now = 11
    expect(await store.get('b')).toBeUndefined()
  })
})
