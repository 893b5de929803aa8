import { describe, expect, test } from 'vitest'
import { parseFacilitatorRequest } from './requests.js'

const requirementsV2 = {
  scheme: 'exact',
  network: 'eip155:84532',
  amount: '1',
  asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
  payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
  maxTimeoutSeconds: 60,
}
const payloadV2 = { x402Version: 2, accepted: requirementsV2, payload: { authorization: { from: '0xabc' } } }

describe('parseFacilitatorRequest', () => {
  test('v2', () => {
    expect(
      parseFacilitatorRequest({ x402Version: 2, paymentPayload: payloadV2, paymentRequirements: requirementsV2 }),
    ).toMatchObject({ ok: true, x402Version: 2, network: 'eip155:84532', payer: '0xabc' })
  })
  test('not an object', () => expect(parseFacilitatorRequest([1])).toMatchObject({ ok: false, reason: 'invalid_payload' }))
  test('unknown version', () =>
    expect(parseFacilitatorRequest({ x402Version: 3 })).toMatchObject({
      ok: false,
      reason: 'invalid_x402_version',
      message: 'x402Version must be 1 or 2, got 3',
    }))
  test('missing requirements', () => {
    const r = parseFacilitatorRequest({ x402Version: 2, paymentPayload: payloadV2 })
    expect(r).toMatchObject({ ok: false, x402Version: 2, reason: 'invalid_payload', payer: '0xabc' })
  })
  test('v1 body with v2 requirements', () => {
    expect(
      parseFacilitatorRequest({ x402Version: 1, paymentPayload: payloadV2, paymentRequirements: requirementsV2 }),
    ).toMatchObject({ ok: false, x402Version: 1, reason: 'invalid_payload' })
  })
  test("args: no top-level x402Version takes the payload's", () => {
    expect(parseFacilitatorRequest({ paymentPayload: payloadV2, paymentRequirements: requirementsV2 })).toMatchObject({
      ok: true,
      x402Version: 2,
    })
    expect(
      parseFacilitatorRequest({ paymentPayload: { ...payloadV2, x402Version: 7 }, paymentRequirements: requirementsV2 }),
    ).toMatchObject({
      ok: false,
      reason: 'invalid_payload',
    })
  })
  test('args: a top-level x402Version that disagrees with the payload is not overridden', () => {
    expect(
      parseFacilitatorRequest({ x402Version: 1, paymentPayload: payloadV2, paymentRequirements: requirementsV2 }),
    ).toMatchObject({ ok: false, x402Version: 1 })
  })
})

describe('hostile input', () => {
  const nested = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown
  test('a deeply nested x402Version is refused without a stack overflow', () => {
    const r = parseFacilitatorRequest({ x402Version: nested(10_000), paymentPayload: {}, paymentRequirements: {} })
    expect(r).toMatchObject({
      ok: false,
      reason: 'invalid_payload',
      message: 'request body nests objects or arrays deeper than 64 levels',
    })
  })
  test('a nested x402Version within the limit is not echoed whole', () => {
    const r = parseFacilitatorRequest({ x402Version: nested(40), paymentPayload: {}, paymentRequirements: {} })
    expect(r).toMatchObject({
      ok: false,
      reason: 'invalid_x402_version',
      message: 'x402Version must be 1 or 2, got a deeply nested array',
    })
    const long = parseFacilitatorRequest({ x402Version: 'x'.repeat(60_000) })
    expect(long.ok === false && long.message.length).toBeLessThan(200)
  })
  test('a huge network or payer is not echoed', () => {
    const r = parseFacilitatorRequest({
      x402Version: 2,
      paymentPayload: { x402Version: 2, payload: { authorization: { from: 'f'.repeat(9_000) } } },
      paymentRequirements: { network: 'n'.repeat(9_000) },
    })
    expect(r).toMatchObject({ ok: false, network: undefined, payer: undefined })
  })
})
