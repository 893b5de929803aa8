import { describe, expect, test } from 'vitest'
import { UsageError } from '../errors.js'
import { parseTargetFlags } from './targetFlags.js'

const key = `0x${'cd'.repeat(32)}`

describe('parseTargetFlags', () => {
  test('default: no hosted-facilitator settings, no foreign chain', () => {
    expect(parseTargetFlags({})).toEqual({ facilitatorHttp: undefined, payerKey: undefined, asset: undefined, extraFlags: [] })
  })

  test('args: header (env:VAR read, shown by name only) and facilitator-paths', () => {
    process.env['X402_TEST_TOKEN'] = 'Bearer abc.def.ghi'
    const flags = parseTargetFlags({
      header: ['Authorization: env:X402_TEST_TOKEN', 'X-Api-Key: literal-secret'],
      'facilitator-paths': 'verify=/api/payments/verify,settle=/api/payments/settle',
    })
    expect(flags.facilitatorHttp).toEqual({
      headers: { Authorization: 'Bearer abc.def.ghi', 'X-Api-Key': 'literal-secret' },
      paths: { verify: '/api/payments/verify', settle: '/api/payments/settle', supported: 'supported' },
    })
    expect(flags.extraFlags.join(' ')).not.toMatch(/abc\.def|literal-secret/)
    expect(flags.extraFlags[0]).toBe("--header 'Authorization: env:X402_TEST_TOKEN'")
  })

  test('args: payer-key with rpc and asset', () => {
    process.env['X402_TEST_PAYER'] = key
    const flags = parseTargetFlags({
      rpc: 'http://127.0.0.1:8545',
      'payer-key': 'env:X402_TEST_PAYER',
      asset: '0x036cbd53842c5426634e7929541ec2318f3dcf7e',
    })
    expect(flags.payerKey).toBe(key)
    expect(flags.asset).toBe('0x036CbD53842c5426634e7929541eC2318f3dCF7e')
    expect(flags.extraFlags).toEqual(['--payer-key env:X402_TEST_PAYER', '--asset 0x036CbD53842c5426634e7929541eC2318f3dCF7e'])
  })

  describe('errors', () => {
    test.each([
      [{ header: ['no colon'] }, "--header expects 'NAME: VALUE'"],
      [{ header: ['Bad Name: x'] }, "--header expects 'NAME: VALUE'"],
      [{ header: ['A: env:X402_TEST_UNSET'] }, '--header A: the environment variable X402_TEST_UNSET is not set'],
      [{ 'facilitator-paths': 'verify' }, "--facilitator-paths expects verify=PATH,settle=PATH,supported=PATH, got 'verify'"],
      [{ 'facilitator-paths': 'pay=/x' }, "--facilitator-paths expects verify=PATH,settle=PATH,supported=PATH, got 'pay=/x'"],
      [{ 'payer-key': key }, '--payer-key needs --rpc (the chain to pay on)'],
      [{ asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e' }, '--asset needs --payer-key'],
      [{ rpc: 'http://x', 'payer-key': key, asset: '0x12' }, '--asset must be an address, got 0x12'],
    ])('%j', (values, message) => {
      const error = (() => {
        try {
          parseTargetFlags(values)
        } catch (e) {
          return e
        }
      })()
      expect(error).toBeInstanceOf(UsageError)
      expect((error as UsageError).shortMessage).toBe(message)
    })
  })
})
