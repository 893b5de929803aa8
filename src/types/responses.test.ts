import { describe, expect, test } from 'vitest'
import { schemaIds } from '../codecs/schemaIds.js'
import { validateAgainstSchema } from '../codecs/validateAgainstSchema.js'
import { SettleResponse } from './responses.js'
import { SettleResponseV1 } from './v1.js'
import { SettleResponseV2 } from './v2.js'

const tx = `0x${'ab'.repeat(32)}`

describe('a successful settlement names its transaction unless it charged "0"', () => {
  // An upto settlement of 0 sends nothing (spec permit2.settle.upto-zero; the upstream facilitator answers
  // exactly this). The envelope cannot tell the scheme; an exact "0" is judged where the scheme is known.
  const zeroNoTx = { success: true, transaction: '', network: 'eip155:84532', amount: '0' }

  test('success with amount "0" and no transaction is accepted by zod and the JSON Schema alike', () => {
    expect(SettleResponse.safeParse(zeroNoTx).success).toBe(true)
    expect(SettleResponseV2.safeParse(zeroNoTx).success).toBe(true)
    expect(validateAgainstSchema(schemaIds.v2.settleResponse, zeroNoTx).valid).toBe(true)
  })

  test('success without a transaction is rejected for any other amount, or none, and always in v1', () => {
    for (const body of [
      { ...zeroNoTx, amount: '1' },
      { ...zeroNoTx, amount: undefined },
      { ...zeroNoTx, amount: null },
    ]) {
      expect(SettleResponseV2.safeParse(body).success, JSON.stringify(body)).toBe(false)
      expect(SettleResponse.safeParse(body).success, JSON.stringify(body)).toBe(false)
      const wire = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined))
      expect(validateAgainstSchema(schemaIds.v2.settleResponse, wire).valid, JSON.stringify(body)).toBe(false)
    }
    expect(SettleResponseV1.safeParse({ ...zeroNoTx, network: 'base-sepolia' }).success).toBe(false)
    expect(validateAgainstSchema(schemaIds.v1.settleResponse, { ...zeroNoTx, network: 'base-sepolia' }).valid).toBe(false)
  })

  test('success with a transaction, and failure without one, are accepted', () => {
    expect(SettleResponseV2.safeParse({ ...zeroNoTx, transaction: tx }).success).toBe(true)
    expect(SettleResponseV2.safeParse({ ...zeroNoTx, success: false }).success).toBe(true)
    expect(SettleResponse.safeParse({ success: true, transaction: tx, network: 'base-sepolia' }).success).toBe(true)
  })
})
