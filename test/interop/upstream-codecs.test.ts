// Offline facts about the upstream header codecs, recorded in docs/interop.md (no chain needed).
import { safeBase64Decode as decodeV2, safeBase64Encode as encodeV2 } from '@x402/core/utils'
import { decodePaymentSignatureHeader, encodePaymentSignatureHeader } from '@x402/core/http'
import { safeBase64Decode as decodeV1, safeBase64Encode as encodeV1 } from 'x402/shared'
import { PaymentRequirementsSchema } from 'x402/types'
import { describe, expect, test } from 'vitest'

const text = 'café – 東京'
const utf8Base64 = Buffer.from(text, 'utf8').toString('base64')

describe('legacy x402 1.x base64 (X-PAYMENT, X-PAYMENT-RESPONSE)', () => {
  test('ASCII round-trips', () => {
    expect(decodeV1(encodeV1('{"a":1}'))).toBe('{"a":1}')
  })

  test('encoding text beyond Latin-1 throws (btoa on the JS string)', () => {
    expect(() => encodeV1(text)).toThrow()
  })

  test('decoding UTF-8 base64 yields Latin-1 mojibake (atob without UTF-8 decoding)', () => {
    const decoded = decodeV1(utf8Base64)
    expect(decoded).not.toBe(text)
    expect(decoded).toBe(Buffer.from(text, 'utf8').toString('latin1'))
  })
})

describe('@x402/core 2.x base64 (PAYMENT-REQUIRED, PAYMENT-SIGNATURE, PAYMENT-RESPONSE)', () => {
  test('UTF-8 round-trips and matches standard base64 of the UTF-8 bytes', () => {
    expect(encodeV2(text)).toBe(utf8Base64)
    expect(decodeV2(utf8Base64)).toBe(text)
  })

  test('the payment header is plain base64 of the JSON (padding kept)', () => {
    const payload = {
      x402Version: 2,
      accepted: { scheme: 'exact', network: 'eip155:84532' },
      payload: { signature: '0x00' },
    } as never
    const header = encodePaymentSignatureHeader(payload)
    expect(header).toBe(Buffer.from(JSON.stringify(payload), 'utf8').toString('base64'))
    expect(decodePaymentSignatureHeader(header)).toEqual(payload)
  })
})

describe('legacy x402 1.x PaymentRequirements schema (what x402-fetch parses every offer with)', () => {
  const offer = {
    scheme: 'exact',
    network: 'base-sepolia',
    maxAmountRequired: '1000',
    resource: 'http://127.0.0.1/paid',
    description: '',
    mimeType: 'application/json',
    payTo: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
    maxTimeoutSeconds: 60,
    asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
    extra: { name: 'USDC', version: '2' },
  }

  test('outputSchema omitted or an object: accepted', () => {
    expect(PaymentRequirementsSchema.safeParse(offer).success).toBe(true)
    expect(PaymentRequirementsSchema.safeParse({ ...offer, outputSchema: {} }).success).toBe(true)
  })

  test("outputSchema null (as in the v1 texts' examples): rejected", () => {
    expect(PaymentRequirementsSchema.safeParse({ ...offer, outputSchema: null }).success).toBe(false)
  })
})
