import { describe, expect, test } from 'vitest'
import { createVerdicts } from './expect.js'
import { CaseFailure, CaseSkip } from './failure.js'
import type { Outcome } from './types.js'

const outcome = (kind: 'verify' | 'settle', status: number, body: Record<string, unknown>): Outcome => {
  const flag = kind === 'verify' ? body['isValid'] : body['success']
  const reason = body['invalidReason'] ?? body['errorReason']
  return {
    kind,
    status,
    body,
    ok: typeof flag === 'boolean' ? flag : undefined,
    reason: typeof reason === 'string' ? reason : undefined,
    payer: undefined,
    transaction: typeof body['transaction'] === 'string' ? body['transaction'] : undefined,
  } as unknown as Outcome
}

function verdicts(strict = false) {
  const notes: string[] = []
  return { v: createVerdicts({ strict, info: (m) => void notes.push(m) }), notes }
}

describe('createVerdicts', () => {
  test('expectValid and expectSettled', () => {
    const { v } = verdicts()
    v.expectValid(outcome('verify', 200, { isValid: true }))
    v.expectSettled(outcome('settle', 200, { success: true, transaction: `0x${'ab'.repeat(32)}` }))
    expect(() => v.expectValid(outcome('verify', 200, { isValid: false, invalidReason: 'invalid_signature' }))).toThrow(
      CaseFailure,
    )
    expect(() => v.expectSettled(outcome('settle', 200, { success: true, transaction: '' }))).toThrow(/transaction hash/)
    expect(() => v.expectValid(outcome('verify', 500, {}))).toThrow(/5xx means the facilitator broke/)
  })

  test('expectInvalid: by category, the spelling noted; --strict wants our codes', () => {
    const { v, notes } = verdicts()
    v.expectInvalid(
      outcome('verify', 200, { isValid: false, invalidReason: 'invalid_exact_evm_payload_signature' }),
      'invalid_signature',
    )
    expect(notes).toEqual(["reason 'invalid_exact_evm_payload_signature' (category invalid_signature)"])
    const wrong = outcome('verify', 200, { isValid: false, invalidReason: 'insufficient_funds' })
    expect(() => v.expectInvalid(wrong, 'invalid_signature')).toThrow(/category insufficient_funds, expected invalid_signature/)
    const upstream = outcome('verify', 200, { isValid: false, invalidReason: 'invalid_exact_evm_signature' })
    v.expectInvalid(upstream, 'invalid_signature')
    expect(() => verdicts(true).v.expectInvalid(upstream, 'invalid_signature')).toThrow(/--strict/)
  })

  test('expectNotSettled: a success is a failure', () => {
    const { v } = verdicts()
    v.expectNotSettled(outcome('settle', 200, { success: false, errorReason: 'insufficient_funds' }))
    expect(() => v.expectNotSettled(outcome('settle', 200, { success: true }))).toThrow(/but it settled/)
  })

  test('fail, check, skip, info', () => {
    const { v, notes } = verdicts()
    expect(() => v.fail('no', { x: 1 })).toThrow(expect.objectContaining({ shortMessage: 'no', evidence: { x: 1 } }))
    v.check(true, 'fine')
    expect(() => v.check(0, 'zero')).toThrow(CaseFailure)
    expect(() => v.skip('n/a')).toThrow(CaseSkip)
    v.info('noted')
    expect(notes).toEqual(['noted'])
  })
})
