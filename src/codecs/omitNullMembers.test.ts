import { expect, test } from 'vitest'
import { encodePaymentRequiredV1Body } from './paymentRequired.js'
import { omitNullMembers } from './omitNullMembers.js'

test('default', () => {
  const body = {
    x402Version: 1,
    error: null,
    accepts: [{ scheme: 'exact', outputSchema: null, mimeType: null, extra: { name: null } }],
    'x-unknown': null,
  }
  expect(omitNullMembers(body)).toEqual({
    x402Version: 1,
    accepts: [{ scheme: 'exact', extra: { name: null } }],
    'x-unknown': null,
  })
  expect(body.error).toBeNull()
})

test('nested envelopes of a verify request and a /supported answer', () => {
  const request = {
    x402Version: 2,
    paymentPayload: { resource: null, accepted: { extra: null }, payload: { a: null }, extensions: null },
    paymentRequirements: { extra: null },
  }
  expect(omitNullMembers(request)).toEqual({
    x402Version: 2,
    paymentPayload: { accepted: {}, payload: { a: null } },
    paymentRequirements: {},
  })
  expect(omitNullMembers({ kinds: [{ extra: null }], signers: null })).toEqual({ kinds: [{}], signers: null })
})

test('encoders send no null optional members (x402-fetch 1.2.0 rejects outputSchema: null)', () => {
  const requirement = {
    scheme: 'exact',
    network: 'base-sepolia',
    maxAmountRequired: '1',
    resource: 'https://x',
    description: '',
    payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
    maxTimeoutSeconds: 60,
    asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
    outputSchema: null,
  }
  expect(encodePaymentRequiredV1Body({ x402Version: 1, accepts: [requirement] })).not.toContain('null')
})
