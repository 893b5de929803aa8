import { describe, expect, test } from 'vitest'
import { parseFacilitatorRequest } from './requests.js'

const requirementsV2 = { scheme: 'exact', network: 'eip155:84532', amount: '1', asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e', payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C', maxTimeoutSeconds: 60 }
const payloadV2 = { x402Version: 2, accepted: requirementsV2, payload: { authorization: { from: '0xabc' } } }

describe('parseFacilitatorRequest', () => {
  test('v2', () => {
    expect(parseFacilitatorRequest({ x402Version: 2, paymentPayload: payloadV2, paymentRequirements: requirementsV2 })).toMatchObject({ ok: true, x402Version: 2, network: 'eip155:84532', payer: '0xabc' })
  })
  test('not an object', () => expect(parseFacilitatorRequest([1])).toMatchObject({ ok: false, reason: 'invalid_payload' }))
  test('unknown version', () => expect(parseFacilitatorRequest({ x402Version: 3 })).toMatchObject({ ok: false, reason: 'invalid_x402_version', message: 'x402Version must be 1 or 2, got 3' }))
  test('missing requirements', () => {
    const r = parseFacilitatorRequest({ x402Version: 2, paymentPayload: payloadV2 })
    expect(r).toMatchObject({ ok: false, x402Version: 2, reason: 'invalid_payload', payer: '0xabc' })
  })
  test('v1 body with v2 requirements', () => {
    expect(parseFacilitatorRequest({ x402Version: 1, paymentPayload: payloadV2, paymentRequirements: requirementsV2 })).toMatchObject({ ok: false, x402Version: 1, reason: 'invalid_payload' })
  })
})
