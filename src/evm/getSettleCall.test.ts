import { serializeErc6492Signature } from 'viem'
import { describe, expect, test } from 'vitest'
import { getDeployCall } from './getDeployCall.js'
import { getSettleCall } from './getSettleCall.js'

const authorization = {
  from: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
  to: '0x209693bc6afc0c5328ba36faf03c514ef312287c',
  value: '10000',
  validAfter: '0',
  validBefore: '1800000060',
  nonce: `0x${'11'.repeat(32)}`,
}
const r = `0x${'aa'.repeat(32)}`
const s = `0x${'0b'.repeat(32)}`
const asset = { asset: '0x036cbd53842c5426634e7929541ec2318f3dcf7e' }

test('default: a 65-byte signature uses the v, r, s overload with checksummed addresses', () => {
  const call = getSettleCall({ signature: `${r}${s.slice(2)}1c`, authorization }, asset)
  expect(call.address).toBe('0x036CbD53842c5426634e7929541eC2318f3dCF7e')
  expect(call.args).toEqual([
    '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
    10000n,
    0n,
    1800000060n,
    authorization.nonce,
    28,
    r,
    s,
  ])
})

test('a v of 0/1 becomes 27/28', () => {
  expect(getSettleCall({ signature: `${r}${s.slice(2)}01`, authorization }, asset).args[6]).toBe(28)
})

test('a longer signature uses the bytes overload; a v1 or v2 envelope is accepted', () => {
  const signature = `0x${'cd'.repeat(100)}`
  const call = getSettleCall(
    { x402Version: 1, scheme: 'exact', network: 'base-sepolia', payload: { signature, authorization } },
    asset,
  )
  expect(call.args).toHaveLength(7)
  expect(call.args[6]).toBe(signature)
})

describe('ERC-6492', () => {
  const inner = `${r}${s.slice(2)}1b` as `0x${string}`
  const wrapped = serializeErc6492Signature({
    address: '0x0000000000000000000000000000000000006492',
    data: '0xdeadbeef',
    signature: inner,
  })
  test('the wrapper is removed for the transfer', () => {
    expect(getSettleCall({ signature: wrapped, authorization }, asset).args.slice(6)).toEqual([27, r, s])
  })
  test('getDeployCall: the factory call, or undefined for a plain signature', () => {
    expect(getDeployCall({ signature: wrapped, authorization })).toEqual({
      to: '0x0000000000000000000000000000000000006492',
      data: '0xdeadbeef',
    })
    expect(getDeployCall({ signature: inner, authorization })).toBeUndefined()
  })
})
