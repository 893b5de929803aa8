import { expect, test } from 'vitest'
import { checkUptoSettleAmount } from './checkUptoSettleAmount.js'

test('default: below the maximum settles with a transaction', () => {
  expect(checkUptoSettleAmount({ authorized: 5_000n, amount: 2_350n })).toEqual({ ok: true, broadcast: true })
})

test('args: amount at the maximum settles', () => {
  expect(checkUptoSettleAmount({ authorized: 5_000n, amount: 5_000n })).toEqual({ ok: true, broadcast: true })
})

test('args: amount 0 settles without a transaction', () => {
  expect(checkUptoSettleAmount({ authorized: 5_000n, amount: 0n })).toEqual({ ok: true, broadcast: false })
})

test('errors: above the maximum is refused before anything is broadcast', () => {
  expect(checkUptoSettleAmount({ authorized: 5_000n, amount: 5_001n })).toMatchInlineSnapshot(`
    {
      "message": "settlement amount 5001 exceeds the authorized maximum 5000",
      "ok": false,
      "reason": "invalid_upto_evm_payload_settlement_exceeds_amount",
    }
  `)
})
