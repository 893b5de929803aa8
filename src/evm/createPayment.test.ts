import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { fromRequirementsV1, fromRequirementsV2 } from '../codecs/normalize.js'
import { X402Error } from '../errors/X402Error.js'
import { PaymentPayloadV1 } from '../types/v1.js'
import { PaymentPayloadV2 } from '../types/v2.js'
import { ExactEvmPayload } from '../types/exactEvm.js'
import { createPayment } from './createPayment.js'

const account = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a')
const now = () => 1_800_000_000
const nonce = () => `0x${'42'.repeat(32)}` as const
const v2 = {
  scheme: 'exact',
  network: 'eip155:84532',
  amount: '2500',
  asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
  payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
  maxTimeoutSeconds: 120,
  extra: { name: 'USDC', version: '2' },
}
const v1 = {
  scheme: 'exact',
  network: 'base-sepolia',
  maxAmountRequired: '2500',
  resource: 'https://api.example/x',
  description: 'x',
  mimeType: 'text/plain',
  asset: v2.asset,
  payTo: v2.payTo,
  maxTimeoutSeconds: 120,
}

test('default: v2 payload with accepted verbatim, resource, window now-600 .. now+maxTimeoutSeconds', async () => {
  const payment = await createPayment({
    account,
    requirements: fromRequirementsV2(v2, { url: 'https://api.example/x' }),
    now,
    nonce,
  })
  expect(PaymentPayloadV2.parse(payment)).toEqual(payment)
  expect(ExactEvmPayload.parse(payment.payload)).toEqual(payment.payload)
  expect(payment).toMatchObject({ x402Version: 2, resource: { url: 'https://api.example/x' }, accepted: v2 })
  expect(payment.payload['authorization']).toEqual({
    from: account.address,
    to: v2.payTo,
    value: '2500',
    validAfter: '1799999400',
    validBefore: '1800000120',
    nonce: nonce(),
  })
})

test('default: v1 payload carries the wire network name', async () => {
  const payment = await createPayment({ account, requirements: fromRequirementsV1(v1), now, nonce })
  expect(PaymentPayloadV1.parse(payment)).toEqual(payment)
  expect(payment).toMatchObject({ x402Version: 1, scheme: 'exact', network: 'base-sepolia' })
})

test('deterministic with an injected clock and nonce', async () => {
  const a = await createPayment({ account, requirements: fromRequirementsV1(v1), now, nonce })
  const b = await createPayment({ account, requirements: fromRequirementsV1(v1), now, nonce })
  expect(a).toEqual(b)
})

test('default nonce: 32 bytes, fresh each time', async () => {
  const a = await createPayment({ account, requirements: fromRequirementsV1(v1), now })
  const b = await createPayment({ account, requirements: fromRequirementsV1(v1), now })
  const nonceOf = (p: typeof a) => ExactEvmPayload.parse(p.payload).authorization.nonce
  expect(nonceOf(a)).toMatch(/^0x[0-9a-f]{64}$/)
  expect(nonceOf(a)).not.toBe(nonceOf(b))
})

test('args: validAfter, validBefore, overrides', async () => {
  const payment = await createPayment({
    account,
    requirements: fromRequirementsV2(v2),
    now,
    nonce,
    validAfter: 0n,
    validBefore: 1_800_000_010n,
    overrides: { value: 1n },
  })
  expect(payment.payload['authorization']).toMatchObject({ validAfter: '0', validBefore: '1800000010', value: '1' })
})

describe('errors', () => {
  test('no EIP-712 domain for an unknown asset without extra', async () => {
    const requirements = fromRequirementsV2({ ...v2, asset: '0x0000000000000000000000000000000000000001', extra: {} })
    await expect(createPayment({ account, requirements, now, nonce })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [UnpayableRequirementsError: cannot form the EIP-712 domain of the payment

      Details: extra.name/extra.version missing and 0x0000000000000000000000000000000000000001 is not the default asset of eip155:84532
      Clause: exact-evm.typed-data.domain-source]
    `)
  })
  test('payTo not an address', async () => {
    await expect(
      createPayment({ account, requirements: fromRequirementsV2({ ...v2, payTo: 'alice' }), now, nonce }),
    ).rejects.toBeInstanceOf(X402Error)
  })
  test('scheme other than exact', async () => {
    await expect(
      createPayment({ account, requirements: fromRequirementsV2({ ...v2, scheme: 'upto' }), now, nonce }),
    ).rejects.toBeInstanceOf(X402Error)
  })
})
