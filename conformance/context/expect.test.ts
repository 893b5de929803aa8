import { describe, expect, test } from 'vitest'
import { expectRejectedEverywhere } from '../cases/helpers.js'
import { createVerdicts } from './expect.js'
import { CaseFailure, CaseSkip } from './failure.js'
import type { Outcome, Paid, TestContext } from './types.js'

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
  const warnings: string[] = []
  return { v: createVerdicts({ strict, info: (m) => void notes.push(m), warn: (m) => void warnings.push(m) }), notes, warnings }
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

  test('expectInvalid: by category, the spelling noted', () => {
    const { v, notes, warnings } = verdicts()
    v.expectInvalid(
      outcome('verify', 200, { isValid: false, invalidReason: 'invalid_exact_evm_payload_signature' }),
      'invalid_signature',
    )
    expect(notes).toEqual(["reason 'invalid_exact_evm_payload_signature' (category invalid_signature)"])
    v.expectInvalid(outcome('verify', 200, { isValid: false, invalidReason: 'invalid_exact_evm_signature' }), 'invalid_signature')
    expect(warnings).toEqual([])
  })

  describe('a refusal is the verdict; its reason is a warning, never a failure', () => {
    test('args: a reason of another category', () => {
      const { v, warnings } = verdicts()
      v.expectInvalid(outcome('verify', 200, { isValid: false, invalidReason: 'insufficient_funds' }), 'invalid_signature')
      expect(warnings).toEqual([
        "the verify reason 'insufficient_funds' is category insufficient_funds, the clause names invalid_signature",
      ])
    })

    test('args: an unknown spelling, no reason', () => {
      const { v, warnings } = verdicts()
      const raw = 'Nonce provided for the transaction is lower than the current nonce'
      v.expectNotSettled(outcome('settle', 200, { success: false, errorReason: raw }), ['nonce_used', 'transaction_failed'])
      v.expectNotSettled(outcome('settle', 200, { success: false }), 'nonce_used')
      expect(warnings).toEqual([
        `the settle reason '${raw}' is not a known spelling of nonce_used or transaction_failed`,
        'the settle refusal carries no reason (the clause names nonce_used)',
      ])
    })

    test('args: a bare 4xx with a body and no flag (x402 1.2) is a refusal', () => {
      const { v, warnings, notes } = verdicts()
      const bare = outcome('settle', 400, { error: 'Invalid request: execution reverted' })
      v.expectNotSettled(bare, 'nonce_used')
      v.expectInvalid(outcome('verify', 422, { error: 'bad' }), 'invalid_payload')
      expect(notes).toEqual(['rejected with HTTP 400 and no success field', 'rejected with HTTP 422 and no isValid field'])
      expect(warnings).toEqual([
        'the settle refusal is a bare HTTP 400 without success or a reason (the clause names nonce_used)',
      ])
    })

    test('args: --strict wants our canonical codes, as a warning', () => {
      const upstream = outcome('verify', 200, { isValid: false, invalidReason: 'invalid_exact_evm_signature' })
      const { v, warnings } = verdicts(true)
      v.expectInvalid(upstream, 'invalid_signature')
      expect(warnings).toEqual(["the verify reason 'invalid_exact_evm_signature' is not one of our canonical codes"])
    })

    test('errors: a success, a 5xx and a non-4xx answer without a flag still fail', () => {
      const { v } = verdicts()
      expect(() => v.expectInvalid(outcome('verify', 200, { isValid: true }), 'invalid_signature')).toThrow(/but it verified/)
      expect(() => v.expectNotSettled(outcome('settle', 502, {}), 'nonce_used')).toThrow(/5xx/)
      expect(() => v.expectNotSettled(outcome('settle', 302, {}), 'nonce_used')).toThrow(
        /success: false in the body, got HTTP 302/,
      )
    })
  })

  test('a refusal for another reason goes on to the ledger check (cases/helpers.ts)', async () => {
    const { v, warnings } = verdicts()
    const refused = outcome('verify', 200, { isValid: false, invalidReason: 'insufficient_funds' })
    const charged = new CaseFailure("the payer's balance moved by -10000")
    const t = {
      ...v,
      verify: async () => refused,
      settle: async () => ({ ...refused, kind: 'settle' }),
      ledger: { snapshot: async () => ({}), expectUntouched: () => Promise.reject(charged) },
    } as unknown as TestContext
    await expect(expectRejectedEverywhere(t, {} as Paid, ['invalid_signature'])).rejects.toBe(charged)
    expect(warnings).toHaveLength(2)
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
