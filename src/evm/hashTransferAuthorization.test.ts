import fc from 'fast-check'
import { getAddress, hashTypedData, keccak256, stringToHex } from 'viem'
import { describe, expect, test } from 'vitest'
import { getTransferTypedData } from './getTransferTypedData.js'
import {
  getDomainSeparator,
  hashTransferAuthorization,
  transferAuthorizationDigest,
  transferWithAuthorizationTypeHash,
} from './hashTransferAuthorization.js'

const seed = Number(process.env['FC_SEED'] ?? 402)
const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => getAddress(`0x${Buffer.from(b).toString('hex')}`))
const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `0x${Buffer.from(b).toString('hex')}` as const)
// amounts and times: any uint256, and often one that fits 53 bits (written without a string)
const uint256 = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 54n }))

test('type hash is EIP-3009 TRANSFER_WITH_AUTHORIZATION_TYPEHASH', () => {
  expect(transferWithAuthorizationTypeHash).toBe('0x7c7c6cdb67a18743f49ec6fa9b35f50d52ed05cbed4cc592e13b44501c1a2267')
  expect(
    keccak256(
      stringToHex(
        'TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)',
      ),
    ),
  ).toBe(transferWithAuthorizationTypeHash)
})

// viem leaves an empty `version` out of the domain type (a token contract would not), so names and versions are non-empty here.
test('digest equals viem hashTypedData for any domain and authorization', () => {
  fc.assert(
    fc.property(
      fc.record({
        name: fc.string({ minLength: 1 }),
        version: fc.string({ minLength: 1 }),
        chainId: fc.integer({ min: 1, max: 2 ** 40 }),
        asset: address,
      }),
      fc.record({ from: address, to: address, value: uint256, validAfter: uint256, validBefore: uint256, nonce: bytes32 }),
      (d, authorization) => {
        const typedData = getTransferTypedData({ ...d, authorization })
        expect(hashTransferAuthorization(typedData.domain, authorization)).toBe(hashTypedData(typedData))
      },
    ),
    { seed, numRuns: 300 },
  )
})

describe('domain separator cache', () => {
  test('address case does not matter', () => {
    const a = '0x036CbD53842c5426634e7929541eC2318f3dCF7e'
    const d = { name: 'USDC', version: '2', chainId: 84532 }
    expect(getDomainSeparator({ ...d, verifyingContract: a.toLowerCase() as `0x${string}` })).toBe(
      getDomainSeparator({ ...d, verifyingContract: a }),
    )
  })
  test('distinct domains give distinct separators (name/version separated)', () => {
    const v = '0x036CbD53842c5426634e7929541eC2318f3dCF7e'
    expect(getDomainSeparator({ name: 'ab', version: 'c', chainId: 1, verifyingContract: v })).not.toBe(
      getDomainSeparator({ name: 'a', version: 'bc', chainId: 1, verifyingContract: v }),
    )
  })
})

describe('digest as bytes (written in reused buffers)', () => {
  const domain = { name: 'USDC', version: '2', chainId: 84532, verifyingContract: getAddress(`0x${'36'.repeat(20)}`) }
  const good = {
    from: getAddress(`0x${'ab'.repeat(20)}`),
    to: getAddress(`0x${'cd'.repeat(20)}`),
    value: 10_000n,
    validAfter: 0n,
    validBefore: 2n ** 256n - 1n,
    nonce: `0x${'01'.repeat(32)}` as const,
  }
  const expected = hashTypedData(getTransferTypedData({ ...domain, asset: domain.verifyingContract, authorization: good }))

  test('equals viem after inputs that stop half-way (not hex, too long, negative)', () => {
    const bad = [
      { ...good, to: `0x${'cd'.repeat(19)}zz` as const },
      { ...good, nonce: `0x${'01'.repeat(31)}zz` as const },
      { ...good, value: 2n ** 256n },
      { ...good, validAfter: -1n },
    ]
    for (const authorization of bad) {
      let before: string | undefined
      try {
        before = hashTransferAuthorization(domain, authorization)
      } catch {}
      expect(before).not.toBe(expected)
      expect(Buffer.from(transferAuthorizationDigest(domain, good)).toString('hex')).toBe(expected.slice(2))
    }
  })

  test('each call returns its own bytes', () => {
    const first = transferAuthorizationDigest(domain, good)
    const second = transferAuthorizationDigest(domain, { ...good, value: 1n })
    expect(Buffer.from(first).toString('hex')).toBe(expected.slice(2))
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(false)
  })
})
