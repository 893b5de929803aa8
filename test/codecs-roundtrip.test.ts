import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { decodeBase64Json, encodeBase64Json } from '../src/codecs/base64Json.js'
import { HeaderDecodeError } from '../src/codecs/HeaderDecodeError.js'
import {
  decodePaymentPayloadHeader,
  encodePaymentPayloadHeader,
  safeDecodePaymentPayloadHeader,
} from '../src/codecs/paymentPayload.js'
import {
  decodePaymentRequiredHeader,
  decodePaymentRequiredV1Body,
  encodePaymentRequiredHeader,
  encodePaymentRequiredV1Body,
  safeDecodePaymentRequiredHeader,
} from '../src/codecs/paymentRequired.js'
import {
  decodePaymentResponseHeader,
  encodePaymentResponseHeader,
  safeDecodePaymentResponseHeader,
} from '../src/codecs/paymentResponse.js'
import { formatUint256, parseUint256 } from '../src/codecs/uint256.js'
import { detectEnvelope } from '../src/codecs/detectEnvelope.js'
import { omitNullMembers } from '../src/codecs/omitNullMembers.js'
import type { PaymentPayloadV1, PaymentRequiredV1, SettleResponseV1 } from '../src/types/v1.js'
import type { PaymentPayloadV2, PaymentRequiredV2, SettleResponseV2 } from '../src/types/v2.js'
import * as A from './arbitraries/envelopes.js'

const seed = Number(process.env.X402_SEED ?? 402)
const numRuns = Number(process.env.X402_RUNS ?? 500)
const params = { seed, numRuns }
const json = <T>(v: T) => JSON.parse(JSON.stringify(v)) as T

describe('encode then decode gives the value back', () => {
  test('payment payloads (X-PAYMENT, PAYMENT-SIGNATURE)', () => {
    fc.assert(
      fc.property(fc.oneof(A.paymentPayloadV1, A.paymentPayloadV2), (p) => {
        const value = json(p) as PaymentPayloadV1 | PaymentPayloadV2
        const header = encodePaymentPayloadHeader(value)
        expect(header).toMatch(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/)
        expect(decodePaymentPayloadHeader(header)).toEqual(omitNullMembers(value))
        expect(detectEnvelope(header)).toMatchObject({ kind: 'payment-payload', version: value.x402Version, encoding: 'base64' })
      }),
      params,
    )
  })

  test('challenges (PAYMENT-REQUIRED header, v1 body)', () => {
    fc.assert(
      fc.property(A.paymentRequiredV2, A.paymentRequiredV1, (c2, c1) => {
        expect(decodePaymentRequiredHeader(encodePaymentRequiredHeader(json(c2) as PaymentRequiredV2))).toEqual(
          omitNullMembers(json(c2)),
        )
        expect(decodePaymentRequiredV1Body(encodePaymentRequiredV1Body(json(c1) as PaymentRequiredV1))).toEqual(
          omitNullMembers(json(c1)),
        )
      }),
      params,
    )
  })

  test('settlement responses (X-PAYMENT-RESPONSE, PAYMENT-RESPONSE)', () => {
    fc.assert(
      fc.property(A.settleResponseV1, A.settleResponseV2, (r1, r2) => {
        expect(decodePaymentResponseHeader(encodePaymentResponseHeader(json(r1) as SettleResponseV1, 1), 1)).toEqual(
          omitNullMembers(json(r1)),
        )
        expect(decodePaymentResponseHeader(encodePaymentResponseHeader(json(r2) as SettleResponseV2, 2), 2)).toEqual(
          omitNullMembers(json(r2)),
        )
      }),
      params,
    )
  })

  test('any JSON value, any Unicode text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, s) => {
        expect(decodeBase64Json(encodeBase64Json(value))).toEqual(json(value))
        expect(decodeBase64Json(encodeBase64Json({ s }))).toEqual({ s })
      }),
      params,
    )
  })

  test('uint256 strings', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), (n) => {
        expect(parseUint256(formatUint256(n))).toBe(n)
      }),
      params,
    )
  })
})

describe('decoders never throw anything but HeaderDecodeError', () => {
  const inputs = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 64 }),
    fc.base64String({ maxLength: 64 }),
    fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64')),
    A.paymentPayloadV2.map((p) => encodeBase64Json(p)).chain((h) => fc.nat(h.length).map((i) => h.slice(0, i) + h.slice(i + 1))),
  )
  test('safeDecode returns data or a HeaderDecodeError for arbitrary input', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        for (const result of [
          safeDecodePaymentPayloadHeader(input),
          safeDecodePaymentRequiredHeader(input),
          safeDecodePaymentResponseHeader(input),
        ]) {
          if (!result.success) expect(result.error).toBeInstanceOf(HeaderDecodeError)
        }
        const detected = detectEnvelope(input)
        expect(detected.valid || detected.issues.length > 0).toBe(true)
      }),
      params,
    )
  })
})
