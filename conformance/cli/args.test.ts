import { afterEach, describe, expect, test, vi } from 'vitest'
import { parseCommand, usageFailure } from './args.js'

const options = { port: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } } as const
const usage = 'usage: x402-conformance thing [--port N] <role>'

function capture() {
  const out: string[] = []
  const err: string[] = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true))
  return { out, err }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('parseCommand', () => {
  test('default', () => {
    const parsed = parseCommand('thing', usage, ['--port', '80', 'server'], options, { min: 1, max: 1 })
    expect(parsed).toMatchObject({ values: { port: '80', help: false }, positionals: ['server'] })
  })

  test('args: --help prints the usage on stdout and exits 0', () => {
    const { out } = capture()
    expect(parseCommand('thing', usage, ['-h'], options)).toBe(0)
    expect(out.join('')).toBe(`${usage}\n`)
  })

  describe('errors', () => {
    test.each([
      [['--bogus'], "x402-conformance thing: Unknown option '--bogus'"],
      [['a', 'b'], "x402-conformance thing: unexpected argument 'b'"],
      [[], 'x402-conformance thing: missing argument'],
    ])('%j exits 2 with the usage on stderr', (argv, first) => {
      const { err } = capture()
      expect(parseCommand('thing', usage, argv, options, { min: 1, max: 1 })).toBe(2)
      expect(err.join('').split('\n')[0]).toContain(first)
      expect(err.join('')).toContain(usage)
    })
  })
})

test('usageFailure', () => {
  const { err } = capture()
  expect(usageFailure('thing', '--port must be a port number')).toBe(2)
  expect(err.join('')).toBe('x402-conformance thing: --port must be a port number\n')
})
