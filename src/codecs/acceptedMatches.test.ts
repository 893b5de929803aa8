import { describe, expect, test } from 'vitest'
import type { PaymentRequirementsV2 } from '../types/v2.js'
import { acceptedMatches, acceptedMismatches } from './acceptedMatches.js'

// An offer of 0.01 USDC on Base Sepolia.
const usdc = { asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e', extra: { name: 'USDC', version: '2' } }
const payTo = '0x209693Bc6afc0C5328bA36FaF03C514EF312287C'
const terms = { scheme: 'exact', network: 'eip155:84532', amount: '10000', maxTimeoutSeconds: 60 }
const offer: PaymentRequirementsV2 = { ...terms, payTo, ...usdc }

test('default', () => {
  expect(acceptedMatches({ ...offer }, offer)).toBe(true)
})

test('addresses are compared case-insensitively', () => {
  const shouted = `0x${offer.payTo.slice(2).toUpperCase()}`
  expect(acceptedMatches({ ...offer, asset: offer.asset.toLowerCase(), payTo: shouted }, offer)).toBe(true)
})

test('extra: key order ignored, absent is {}, null is absent', () => {
  expect(acceptedMatches({ ...offer, extra: { version: '2', name: 'USDC' } }, offer)).toBe(true)
  expect(acceptedMatches({ ...offer, extra: undefined }, { ...offer, extra: {} })).toBe(true)
  expect(acceptedMatches({ ...offer, extra: null }, { ...offer, extra: undefined })).toBe(true)
})

describe('every other member exactly', () => {
  test.each([
    ['scheme', { scheme: 'upto' }],
    ['network', { network: 'eip155:8453' }],
    ['amount', { amount: '10001' }],
    ['maxTimeoutSeconds', { maxTimeoutSeconds: 61 }],
    ['extra', { extra: { name: 'usdc', version: '2' } }],
    ['unknown', { unknown: 1 }],
  ])('%s', (name, change) => {
    expect(acceptedMismatches({ ...offer, ...change }, offer)).toEqual([name])
  })
})
