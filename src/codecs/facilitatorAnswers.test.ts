import { expect, test } from 'vitest'
import { SettleResponse, VerifyResponse } from '../types/responses.js'
import { SettleResponseV1 } from '../types/v1.js'
import { answerForVersion } from './facilitatorAnswers.js'

const failed = {
  success: false,
  errorReason: 'insufficient_funds',
  errorMessage: 'balance 0',
  transaction: '',
  network: 'base-sepolia',
  amount: '1',
}

test('default', () => {
  expect(answerForVersion(2, failed)).toBe(failed)
  const v1 = { success: false, errorReason: 'insufficient_funds', transaction: '', network: 'base-sepolia' }
  expect(answerForVersion(1, failed)).toEqual(v1)
  const invalid = { isValid: false, invalidReason: 'x', invalidMessage: 'y', extensions: {} }
  expect(answerForVersion(1, invalid)).toEqual({ isValid: false, invalidReason: 'x' })
})

test('one shape: a v1 answer is a SettleResponse and passes the v1 wire form', () => {
  const v1 = answerForVersion(1, failed)
  expect(SettleResponse.parse(v1)).toEqual(v1)
  expect(SettleResponseV1.parse(v1)).toEqual(v1)
})

test('unknown members are kept', () => {
  expect(VerifyResponse.parse({ isValid: true, payer: '0x1', future: 1 })).toEqual({ isValid: true, payer: '0x1', future: 1 })
})

test('a success without a transaction is refused', () => {
  expect(SettleResponse.safeParse({ success: true, transaction: '', network: 'eip155:1' }).success).toBe(false)
})
