import { describe, expect, test } from 'vitest'
import { parsePermit2Payload } from './parsePermit2Payload.js'

const wire = {
  signature: `0x${'11'.repeat(65)}`,
  permit2Authorization: {
    from: '0x857b06519e91e3a54538791bdbb0e22373e36b66',
    permitted: { token: '0x036CbD53842c5426634e7929541eC2318f3dCF7e', amount: '10000' },
    spender: '0x402085c248EeA27D92E8b30b2C58ed07f9E20001',
    nonce: '33247007178036348590600198031289925668252061821958005840077069883511451257277',
    deadline: '1740672154',
    witness: { to: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C', validAfter: '1740672089' },
  },
}

test('default: the upstream example reads, addresses checksummed', () => {
  const read = parsePermit2Payload(wire)
  expect(read.ok && read.authorization.from).toBe('0x857b06519E91e3A54538791bDbb0E22373e36b66')
  expect(read.ok && read.authorization.permitted.amount).toBe(10_000n)
})

test('args: an upto nonce in 0x-hex reads losslessly', () => {
  const nonce = `0x${'f3'.repeat(32)}`
  const read = parsePermit2Payload({ ...wire, permit2Authorization: { ...wire.permit2Authorization, nonce } })
  expect(read.ok && read.authorization.nonce).toBe(BigInt(nonce))
})

describe('errors', () => {
  test.each([
    ['no permit2Authorization', { signature: wire.signature }, 'payload is not { signature, permit2Authorization }'],
    [
      'amount with a sign',
      { ...wire.permit2Authorization, permitted: { ...wire.permit2Authorization.permitted, amount: '-1' } },
      'permitted.amount',
    ],
    ['amount above uint256', { ...wire.permit2Authorization, deadline: (2n ** 256n).toString() }, 'deadline'],
    ['spender not an address', { ...wire.permit2Authorization, spender: '0x1234' }, 'spender is not an address'],
    ['deadline as a number', { ...wire.permit2Authorization, deadline: 1740672154 }, 'deadline'],
  ])('%s', (_, value, message) => {
    const payload = 'signature' in value ? value : { signature: wire.signature, permit2Authorization: value }
    const read = parsePermit2Payload(payload)
    expect(read.ok).toBe(false)
    expect(!read.ok && read.message).toContain(message)
  })
})
