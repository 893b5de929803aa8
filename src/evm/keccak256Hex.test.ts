import fc from 'fast-check'
import { keccak256 } from 'viem'
import type { Hex } from 'viem'
import { describe, expect, test } from 'vitest'
import { keccak256Hex } from './keccak256Hex.js'

const seed = Number(process.env['FC_SEED'] ?? 402)

test('default: equals viem keccak256 for any bytes, any hex case', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 500 }), fc.boolean(), (data, upper) => {
      const hex = Buffer.from(data).toString('hex')
      expect(keccak256Hex(`0x${upper ? hex.toUpperCase() : hex}`)).toBe(keccak256(data))
    }),
    { seed, numRuns: 300 },
  )
})

describe('errors', () => {
  test('not hex: viem decides, as before', () => {
    for (const bad of ['0x1', '0xzz', '0x12g4', 'abcd'] as Hex[]) {
      const viem = (() => {
        try {
          return keccak256(bad)
        } catch (error) {
          return (error as Error).name
        }
      })()
      const ours = (() => {
        try {
          return keccak256Hex(bad)
        } catch (error) {
          return (error as Error).name
        }
      })()
      expect(ours).toBe(viem)
    }
  })
})
