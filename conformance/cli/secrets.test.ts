import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { UsageError } from '../errors.js'
import { readKey, secretValue } from './secrets.js'

const key = `0x${'ab'.repeat(32)}`
const dir = mkdtempSync(join(tmpdir(), 'x402-secrets-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('secretValue', () => {
  test('env:NAME reads the variable; anything else is the value', () => {
    process.env['X402_TEST_SECRET'] = 'Bearer s3cr3t'
    expect(secretValue('--header', 'env:X402_TEST_SECRET')).toBe('Bearer s3cr3t')
    expect(secretValue('--header', 'plain')).toBe('plain')
  })
  test('errors: an unset variable', () => {
    expect(() => secretValue('--header', 'env:X402_TEST_UNSET')).toThrow(/X402_TEST_UNSET is not set/)
  })
})

describe('readKey', () => {
  test('from the flag, env:NAME, the file, then the environment', () => {
    const file = join(dir, 'key')
    writeFileSync(file, `${key}\n`)
    process.env['X402_TEST_KEY'] = key
    expect(readKey({ flag: '--private-key', value: key })).toBe(key)
    expect(readKey({ flag: '--private-key', value: 'env:X402_TEST_KEY' })).toBe(key)
    expect(readKey({ flag: '--private-key', file })).toBe(key)
    expect(readKey({ flag: '--private-key', env: 'X402_TEST_KEY' })).toBe(key)
    expect(readKey({ flag: '--private-key', env: 'X402_TEST_UNSET' })).toBeUndefined()
  })
  test('errors: both flags, a missing file, a malformed key (never shown)', () => {
    expect(() => readKey({ flag: '--private-key', value: key, file: 'x' })).toThrow(UsageError)
    expect(() => readKey({ flag: '--private-key', file: join(dir, 'none') })).toThrow(/cannot read the file \(ENOENT\)/)
    const error = (() => {
      try {
        readKey({ flag: '--private-key', value: '0xsecretbutwrong' })
      } catch (e) {
        return e as UsageError
      }
    })()
    expect(error?.shortMessage).toBe('--private-key must be 0x and 64 hex digits')
    expect(error?.message).not.toContain('secretbutwrong')
  })
})
