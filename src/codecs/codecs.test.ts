import { describe, expect, test } from 'vitest'
import { encodeBase64Json } from './base64Json.js'
import { HeaderDecodeError } from './HeaderDecodeError.js'
import { maxHeaderBytes } from './headers.js'
import { decodePaymentPayloadHeader, encodePaymentPayloadHeader, safeDecodePaymentPayloadHeader } from './paymentPayload.js'
import {
  decodePaymentRequiredHeader,
  decodePaymentRequiredV1Body,
  encodePaymentRequiredHeader,
  encodePaymentRequiredV1Body,
  safeDecodePaymentRequiredV1Body,
} from './paymentRequired.js'
import { decodePaymentResponseHeader, encodePaymentResponseHeader } from './paymentResponse.js'
import { baseSepoliaRequirements } from '../../test/support/facilitatorSetup.js'
import type { PaymentPayloadV2, PaymentRequiredV2 } from '../types/v2.js'

const accepted = baseSepoliaRequirements
const payload = {
  signature: `0x${'11'.repeat(65)}`,
  authorization: {
    from: '0x857b06519E91e3A54538791bDbb0E22373e36b66',
    to: accepted.payTo,
    value: '10000',
    validAfter: '1740672089',
    validBefore: '1740672154',
    nonce: `0x${'ab'.repeat(32)}`,
  },
}
const paymentV2: PaymentPayloadV2 = {
  x402Version: 2,
  resource: { url: 'https://api.example.com/データ', description: 'プレミアム市場データ 📈' },
  accepted,
  payload,
}
const challenge: PaymentRequiredV2 = {
  x402Version: 2,
  resource: { url: 'https://api.example.com/x', description: '支払い 💸' },
  accepts: [accepted],
}

function decodeError(fn: () => unknown): HeaderDecodeError {
  try {
    fn()
  } catch (error) {
    if (error instanceof HeaderDecodeError) return error
    throw error
  }
  throw new Error('expected a HeaderDecodeError')
}

describe('round trip', () => {
  test('non-ASCII text survives (UTF-8 bytes, standard base64 with padding)', () => {
    const header = encodePaymentPayloadHeader(paymentV2)
    expect(header).toMatch(/^[A-Za-z0-9+/]+={0,2}$/)
    expect(header.length % 4).toBe(0)
    expect(Buffer.from(header, 'base64').toString('utf8')).toContain('プレミアム市場データ 📈')
    expect(decodePaymentPayloadHeader(header)).toEqual(paymentV2)
    expect(decodePaymentRequiredHeader(encodePaymentRequiredHeader(challenge))).toEqual(challenge)
  })

  test('v1 body', () => {
    const body = {
      x402Version: 1 as const,
      error: 'X-PAYMENT header is required',
      accepts: [{ ...accepted, network: 'base-sepolia', maxAmountRequired: '1', resource: 'https://x', description: '説明' }],
    }
    expect(decodePaymentRequiredV1Body(encodePaymentRequiredV1Body(body))).toEqual(body)
    expect(decodePaymentRequiredV1Body(new TextEncoder().encode(encodePaymentRequiredV1Body(body)))).toEqual(body)
  })

  test('settlement responses: version from the network, or given', () => {
    const v2 = { success: true, transaction: `0x${'12'.repeat(32)}`, network: 'eip155:84532', payer: payload.authorization.from }
    const v1 = { ...v2, network: 'base-sepolia' }
    expect(decodePaymentResponseHeader(encodePaymentResponseHeader(v2))).toEqual(v2)
    expect(decodePaymentResponseHeader(encodePaymentResponseHeader(v1), 1)).toEqual(v1)
    expect(decodeError(() => decodePaymentResponseHeader(encodePaymentResponseHeader(v1), 2)).issues).toEqual([
      { pointer: '/network', message: 'expected a CAIP-2 network id (namespace:reference)' },
    ])
  })

  test('unknown members of open envelopes are kept', () => {
    const withExtra = { ...paymentV2, 'x-trace': { id: 7 } }
    expect(decodePaymentPayloadHeader(encodeBase64Json(withExtra))).toEqual(withExtra)
  })
})

describe('errors', () => {
  const good = encodePaymentPayloadHeader(paymentV2)

  test('size', () => {
    const error = decodeError(() => decodePaymentPayloadHeader('A'.repeat(maxHeaderBytes + 4)))
    expect([error.code, error.issues]).toEqual([
      'size',
      [{ pointer: '', message: `${maxHeaderBytes + 4} bytes, more than the limit of ${maxHeaderBytes}` }],
    ])
  })

  test('base64url alphabet', () => {
    const url = Buffer.from(JSON.stringify({ s: '>>>???' })).toString('base64url')
    expect(url).toMatch(/[-_]/)
    const error = decodeError(() => decodePaymentPayloadHeader(url))
    expect(error.code).toBe('base64')
    expect(error.issues[0]!.message).toMatch(/looks like base64url/)
  })

  test('garbage', () => {
    expect(decodeError(() => decodePaymentPayloadHeader('not base64!')).message).toMatchInlineSnapshot(`
      "payment header is not standard base64

      (root): character " " at offset 3 is not in the standard base64 alphabet"
    `)
    expect(decodeError(() => decodePaymentPayloadHeader('')).code).toBe('base64')
    expect(decodeError(() => decodePaymentPayloadHeader('ab=c')).code).toBe('base64')
  })

  test('padding: missing, and non-canonical trailing bits', () => {
    expect(decodeError(() => decodePaymentPayloadHeader('eyJhIjoxfQ')).code).toBe('padding')
    expect(decodeError(() => decodePaymentPayloadHeader('eyJhIjoxfQA')).code).toBe('padding')
    expect(decodeError(() => decodePaymentPayloadHeader('eyJhIjoxfQ=')).code).toBe('padding')
    expect(decodeError(() => decodePaymentPayloadHeader('eyJhIjoxf')).code).toBe('base64')
    expect(decodeError(() => decodePaymentPayloadHeader('e30')).issues).toEqual([
      { pointer: '', message: "length 3 is not a multiple of 4: expected 1 '=' of padding after 3 characters" },
    ])
    expect(decodeError(() => decodePaymentPayloadHeader('e31=')).code).toBe('padding')
  })

  test('utf8', () => {
    expect(decodeError(() => decodePaymentPayloadHeader(Buffer.from([0x7b, 0xff, 0x7d]).toString('base64'))).code).toBe('utf8')
  })

  test('json', () => {
    const error = decodeError(() => decodePaymentPayloadHeader(Buffer.from('{"x402Version":2,').toString('base64')))
    expect(error.code).toBe('json')
  })

  test('schema: every problem with its JSON pointer', () => {
    const bad = { ...paymentV2, accepted: { ...accepted, amount: '01', network: 'base-sepolia', maxTimeoutSeconds: undefined } }
    const error = decodeError(() => decodePaymentPayloadHeader(encodeBase64Json(bad)))
    expect(error.code).toBe('schema')
    expect(error.issues).toEqual([
      { pointer: '/accepted/network', message: 'expected a CAIP-2 network id (namespace:reference)' },
      {
        pointer: '/accepted/amount',
        message: 'expected a canonical decimal integer string (digits only, no sign, no leading zeros)',
      },
      { pointer: '/accepted/maxTimeoutSeconds', message: 'is required' },
    ])
  })

  test('schema: unknown version', () => {
    const error = decodeError(() => decodePaymentPayloadHeader(encodeBase64Json({ ...paymentV2, x402Version: 3 })))
    expect(error.issues.map((i) => i.pointer)).toEqual(['/x402Version'])
  })

  test('a version given to the decoder is enforced', () => {
    expect(decodeError(() => decodePaymentPayloadHeader(good, 1)).issues[0]!.pointer).toBe('/x402Version')
  })

  test('safeDecode returns the error as data', () => {
    const result = safeDecodePaymentPayloadHeader('%%%')
    expect(result.success).toBe(false)
    if (!result.success) expect(result.error.code).toBe('base64')
    expect(safeDecodePaymentRequiredV1Body('{').success).toBe(false)
  })

  test('encoders refuse invalid envelopes and oversize values', () => {
    expect(() =>
      encodePaymentPayloadHeader({ ...paymentV2, accepted: { ...accepted, amount: '-1' } }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [EnvelopeEncodeError: cannot encode PAYMENT-SIGNATURE: the value is not a valid envelope

      /accepted/amount: expected a canonical decimal integer string (digits only, no sign, no leading zeros)]
    `)
    expect(() => encodePaymentRequiredHeader({ ...challenge, extensions: { big: 'x'.repeat(maxHeaderBytes) } })).toThrow(
      /more than the limit/,
    )
  })

  test('surrounding whitespace (HTTP OWS) is ignored', () => {
    expect(decodePaymentPayloadHeader(` ${good}\t`)).toEqual(paymentV2)
  })
})
