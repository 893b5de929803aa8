import { describe, expect, test } from 'vitest'
import { fromRequirementsV1, fromRequirementsV2 } from '../codecs/normalize.js'
import { chooseOffer, PaymentRefusedError, refusalOf } from './policy.js'

const usdc = '0x036CbD53842c5426634e7929541eC2318f3dCF7e'
const base = {
  scheme: 'exact',
  asset: usdc,
  payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
  maxTimeoutSeconds: 60,
  extra: { name: 'USDC', version: '2' },
}
const v2 = (amount: string, network = 'eip155:84532') => fromRequirementsV2({ ...base, network, amount })
const v1 = (amount: string) =>
  fromRequirementsV1({
    ...base,
    network: 'base-sepolia',
    maxAmountRequired: amount,
    resource: 'http://x',
    description: '',
    mimeType: '',
  })

describe('refusalOf', () => {
  test('default policy accepts exact on a known EVM network', () => expect(refusalOf({}, v2('1'), 0n)).toBeUndefined())
  test('network not allowed', () => expect(refusalOf({ networks: ['base'] }, v2('1'), 0n)).toMatch(/network not allowed/))
  test('networks by v1 name or CAIP-2', () => {
    expect(refusalOf({ networks: ['base-sepolia'] }, v2('1'), 0n)).toBeUndefined()
    expect(refusalOf({ networks: ['eip155:84532'] }, v1('1'), 0n)).toBeUndefined()
  })
  test('asset not allowed', () =>
    expect(refusalOf({ assets: ['0x0000000000000000000000000000000000000001'] }, v2('1'), 0n)).toMatch(/asset/))
  test('asset compares case-insensitively', () =>
    expect(refusalOf({ assets: [usdc.toLowerCase()] }, v2('1'), 0n)).toBeUndefined())
  test('max per request', () => {
    expect(refusalOf({ maxAmountPerRequest: 10n }, v2('10'), 0n)).toBeUndefined()
    expect(refusalOf({ maxAmountPerRequest: '10' }, v2('11'), 0n)).toMatch(/maximum/)
  })
  test('budget', () => {
    expect(refusalOf({ budget: 100n }, v2('10'), 90n)).toBeUndefined()
    expect(refusalOf({ budget: 100n }, v2('10'), 91n)).toMatch(/budget/)
  })
  test('version', () => expect(refusalOf({ versions: [2] }, v1('1'), 0n)).toMatch(/version 1/))
  test('scheme', () =>
    expect(refusalOf({}, fromRequirementsV2({ ...base, scheme: 'upto', network: 'eip155:84532', amount: '1' }), 0n)).toMatch(
      /scheme/,
    ))
  test('unknown network', () =>
    expect(refusalOf({}, fromRequirementsV2({ ...base, network: 'solana:abc', amount: '1' }), 0n)).toMatch(/not an EVM network/))
})

describe('chooseOffer', () => {
  test('cheapest acceptable', () => {
    const offers = [v2('30'), v2('10'), v2('5', 'eip155:8453')]
    expect(chooseOffer({ networks: ['eip155:84532'] }, offers, 0n)).toEqual({ offer: offers[1] })
  })
  test('all refused, with reasons', () => {
    const result = chooseOffer({ maxAmountPerRequest: 1n }, [v2('30'), v1('10')], 0n)
    expect(result).toMatchObject({ refusals: [expect.stringMatching(/maximum/), expect.stringMatching(/maximum/)] })
  })
  test('error renders each refusal', () => {
    expect(new PaymentRefusedError('http://x/paid', ['a: too much']).message).toMatchInlineSnapshot(`
      "no acceptable payment option for http://x/paid

      a: too much"
    `)
  })
})
