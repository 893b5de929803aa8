import { describe, expect, test } from 'vitest'
import { validateAgainstSchema } from '../codecs/validateAgainstSchema.js'
import { schemaIds } from '../codecs/schemaIds.js'
import { SettleResponse } from './responses.js'
import { SettleResponseV1 } from './v1.js'
import { SettleResponseV2 } from './v2.js'

const tx = `0x${'ab'.repeat(32)}`

describe('a successful settlement names its transaction', () => {
  // The envelope does not carry the scheme, so it cannot tell an `upto` settlement of 0 (which sends
  // nothing) from an `exact` one; the exception belongs to the case that knows the scheme.
  const zeroNoTx = { success: true, transaction: '', network: 'eip155:84532', amount: '0' }

  test('success with amount "0" and no transaction is rejected, as the JSON Schema rejects it', () => {
    expect(SettleResponse.safeParse(zeroNoTx).success).toBe(false)
    expect(SettleResponseV2.safeParse(zeroNoTx).success).toBe(false)
    expect(SettleResponseV1.safeParse({ ...zeroNoTx, network: 'base-sepolia' }).success).toBe(false)
    expect(validateAgainstSchema(schemaIds.v2.settleResponse, zeroNoTx).valid).toBe(false)
  })

  test('success with a transaction, and failure without one, are accepted', () => {
    expect(SettleResponseV2.safeParse({ ...zeroNoTx, transaction: tx }).success).toBe(true)
    expect(SettleResponseV2.safeParse({ ...zeroNoTx, success: false }).success).toBe(true)
    expect(SettleResponse.safeParse({ success: true, transaction: tx, network: 'base-sepolia' }).success).toBe(true)
  })
})
