import { describe, expect, test } from 'vitest'
import { X402Error } from '../errors/X402Error.js'
import { findDomain, resolveDomain } from './resolveDomain.js'

const usdc = '0x036CbD53842c5426634e7929541eC2318f3dCF7e'
const base = { network: 'eip155:84532', chainId: 84532, asset: usdc }

test('default: name and version from extra, verifyingContract checksummed', () => {
  expect(resolveDomain({ ...base, asset: usdc.toLowerCase(), extra: { name: 'Token', version: '7' } })).toEqual({
    name: 'Token',
    version: '7',
    chainId: 84532,
    verifyingContract: usdc,
  })
})

test('extra omitted: the network default asset supplies name and version', () => {
  expect(resolveDomain({ ...base, extra: undefined })).toEqual({
    name: 'USDC',
    version: '2',
    chainId: 84532,
    verifyingContract: usdc,
  })
})

describe('errors', () => {
  test('unknown asset without extra', () => {
    expect(() => resolveDomain({ ...base, asset: '0x0000000000000000000000000000000000000001', extra: undefined })).toThrow(
      X402Error,
    )
  })
  test('empty version (viem would drop it from the domain type)', () => {
    expect(findDomain({ ...base, extra: { name: 'USDC', version: '' } })).toMatchObject({ ok: false })
  })
  test('no chain', () => {
    expect(findDomain({ network: 'solana:x', chainId: undefined, asset: usdc, extra: undefined })).toMatchObject({ ok: false })
  })
  test('asset not an address', () => {
    expect(findDomain({ ...base, asset: 'usdc', extra: { name: 'USDC', version: '2' } })).toMatchObject({ ok: false })
  })
})
