import { describe, expect, test } from 'vitest'
import { checkResourceV2, matchAcceptedV2, matchPaymentV1, sameResource } from './match.js'
import type { PaymentPayloadV2, PaymentRequirementsV2 } from '../types/v2.js'
import type { PaymentPayloadV1, PaymentRequirementsV1 } from '../types/v1.js'

const base = { scheme: 'exact', network: 'eip155:84532', maxTimeoutSeconds: 60, extra: { name: 'USDC', version: '2' } }
const offer: PaymentRequirementsV2 = {
  ...base,
  amount: '10000',
  asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
  payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
}
const pay = (accepted: PaymentRequirementsV2, url?: string): PaymentPayloadV2 => ({
  x402Version: 2,
  accepted,
  payload: {},
  ...(url ? { resource: { url } } : {}),
})

describe('matchAcceptedV2', () => {
  test('equal offer', () => expect(matchAcceptedV2([offer], pay({ ...offer }))).toBe(offer))
  test('addresses compare case-insensitively', () => {
    expect(
      matchAcceptedV2(
        [offer],
        pay({ ...offer, asset: offer.asset.toLowerCase(), payTo: offer.payTo.toUpperCase().replace('0X', '0x') }),
      ),
    ).toBe(offer)
  })
  test('extra key order does not matter', () =>
    expect(matchAcceptedV2([offer], pay({ ...offer, extra: { version: '2', name: 'USDC' } }))).toBe(offer))
  test.each([
    ['amount', { amount: '9999' }],
    ['network', { network: 'eip155:8453' }],
    ['scheme', { scheme: 'upto' }],
    ['payTo', { payTo: '0x0000000000000000000000000000000000000001' }],
    ['asset', { asset: '0x0000000000000000000000000000000000000001' }],
    ['maxTimeoutSeconds', { maxTimeoutSeconds: 600 }],
    ['extra', { extra: { name: 'USDC', version: '1' } }],
  ])('a different %s is refused', (_, change) => {
    expect(matchAcceptedV2([offer], pay({ ...offer, ...change }))).toMatchObject({ refused: true })
  })
})

describe('matchPaymentV1', () => {
  const v1: PaymentRequirementsV1 = {
    scheme: 'exact',
    network: 'base-sepolia',
    maxAmountRequired: '10000',
    resource: 'http://x/paid',
    description: '',
    mimeType: '',
    payTo: offer.payTo,
    maxTimeoutSeconds: 60,
    asset: offer.asset,
  }
  const p = (value: string, to: string, network = 'base-sepolia'): PaymentPayloadV1 => ({
    x402Version: 1,
    scheme: 'exact',
    network,
    payload: { authorization: { value, to } },
  })
  test('matching payment', () => expect(matchPaymentV1([v1], p('10000', offer.payTo.toLowerCase()))).toBe(v1))
  test('other network refused', () =>
    expect(matchPaymentV1([v1], p('10000', offer.payTo, 'base'))).toMatchObject({ refused: true }))
  test('other amount refused', () => expect(matchPaymentV1([v1], p('1', offer.payTo))).toMatchObject({ refused: true }))
  test('other payee refused', () =>
    expect(matchPaymentV1([v1], p('10000', '0x0000000000000000000000000000000000000001'))).toMatchObject({ refused: true }))
})

describe('resource', () => {
  test('variants of the same resource', () => {
    expect(sameResource('http://127.0.0.1:80/paid', 'http://127.0.0.1/Paid/?q=1')).toBe(true)
  })
  test('another resource is refused', () => {
    expect(checkResourceV2('http://127.0.0.1:1/paid', pay(offer, 'http://127.0.0.1:1/other'))).toMatchObject({ refused: true })
    expect(checkResourceV2('http://127.0.0.1:1/paid', pay(offer, 'http://evil.example/paid'))).toMatchObject({ refused: true })
    expect(checkResourceV2('http://127.0.0.1:1/paid', pay(offer, 'not a url'))).toMatchObject({ refused: true })
  })
})
