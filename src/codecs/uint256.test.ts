import { expect, test } from 'vitest'
import { formatUint256, parseUint256 } from './uint256.js'

test('default', () => {
  expect(parseUint256('10000')).toBe(10000n)
  expect(formatUint256(2n ** 256n - 1n)).toBe('115792089237316195423570985008687907853269984665640564039457584007913129639935')
  expect(parseUint256(formatUint256(0n))).toBe(0n)
})

test('errors', () => {
  for (const bad of ['', '01', '-1', '+1', '1e3', '1.0', ' 1', '0x10', (2n ** 256n).toString()])
    expect(() => parseUint256(bad), bad).toThrow()
  expect(() => formatUint256(-1n)).toThrow(/out of the uint256 range/)
  expect(() => formatUint256(2n ** 256n)).toThrow(/out of the uint256 range/)
})
