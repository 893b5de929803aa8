import { secp256k1 } from '@noble/curves/secp256k1'
import { recoverAddress, serializeSignature, parseSignature, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { recoverSigner } from './recoverSigner.js'

// anvil's first public test key
const account = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4ff2f80')
const digest = '0x2a8ac8ae35d0a0b0a4a02f6d3b4e1c5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3' as const

test('default: recovers the signer, same as viem', async () => {
  const signature = await account.sign({ hash: digest })
  const recovered = recoverSigner(digest, signature)
  expect(recovered).toEqual({ ok: true, address: account.address.toLowerCase() })
  expect(await recoverAddress({ hash: digest, signature })).toBe(account.address)
})

describe('errors', () => {
  test('length', () => {
    expect(recoverSigner(digest, '0x1234')).toMatchObject({ ok: false, problem: 'length' })
  })
  test('v of 0/1 is refused (FiatToken takes 27/28)', async () => {
    const { r, s, yParity } = parseSignature(await account.sign({ hash: digest }))
    const compact = serializeSignature({ r, s, yParity }).slice(0, 130)
    expect(recoverSigner(digest, `${compact}0${yParity}` as `0x${string}`)).toMatchObject({ ok: false, problem: 'v' })
  })
  test('high-s (the malleable twin of a valid signature) is refused', async () => {
    const { r, s, yParity } = parseSignature(await account.sign({ hash: digest }))
    const highS = secp256k1.CURVE.n - BigInt(s)
    const twin = serializeSignature({ r, s: toHex(highS, { size: 32 }), yParity: yParity === 0 ? 1 : 0 })
    expect(await recoverAddress({ hash: digest, signature: twin })).toBe(account.address)
    expect(recoverSigner(digest, twin)).toMatchObject({ ok: false, problem: 'high-s' })
  })
  test('r = 0 is out of range', () => {
    expect(recoverSigner(digest, `0x${'00'.repeat(32)}${'11'.repeat(32)}1b`)).toMatchObject({ ok: false, problem: 'range' })
  })
  test('r not on the curve cannot be recovered', () => {
    expect(recoverSigner(digest, `0x${'00'.repeat(31)}05${'11'.repeat(32)}1b`)).toMatchObject({ ok: false })
  })
})
