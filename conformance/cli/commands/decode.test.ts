import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { run as decode, type Io } from './decode.js'
import { run as encode } from './encode.js'

function capture(stdin = '') {
  const out = { stdout: '', stderr: '' }
  const io: Io = { stdout: (s) => void (out.stdout += s), stderr: (s) => void (out.stderr += s), stdin: async () => stdin }
  return { io, out }
}

const examplesDir = join(import.meta.dirname, '..', '..', '..', 'test', 'upstream-examples')
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.json'))
  .flatMap(
    (f) =>
      (
        JSON.parse(readFileSync(join(examplesDir, f), 'utf8')) as {
          examples: {
            id: string
            header?: string
            headerValue?: string
            value?: unknown
            httpBody?: unknown
            checks?: { pointer: string; valid: boolean }[]
          }[]
        }
      ).examples,
  )

describe('decode', () => {
  const headerExamples = examples.filter((e) => e.header !== undefined)
  test.each(headerExamples.map((e) => [e.id, e] as const))('upstream header %s', async (_id, e) => {
    const { io, out } = capture()
    expect(await decode([`${e.header}: ${e.headerValue}`], io)).toBe(0)
    expect(out.stderr).toMatch(/^✓ /)
    expect(JSON.parse(out.stdout)).toBeTypeOf('object')
  })

  const jsonExamples = examples.filter(
    (e) => (e.value !== undefined || e.httpBody !== undefined) && e.checks!.every((c) => c.pointer === '' || c.valid),
  )
  test.each(jsonExamples.map((e) => [e.id, e] as const))('upstream JSON %s, from stdin', async (_id, e) => {
    const { io, out } = capture(JSON.stringify(e.value ?? e.httpBody))
    const code = await decode([], io)
    if (e.id.endsWith('discovery-resources')) expect(code).toBe(1)
    else expect([code, out.stderr]).toEqual([0, expect.stringMatching(/^✓ /)])
  })

  test('garbage: exit 1, every problem with its pointer', async () => {
    const { io, out } = capture()
    const bad = Buffer.from(
      JSON.stringify({ x402Version: 2, accepted: { scheme: 'exact', network: 'base', amount: '01' }, payload: {} }),
    ).toString('base64')
    expect(await decode([bad], io)).toBe(1)
    expect(out.stderr).toContain('/accepted/network: must be a CAIP-2 network id')
    expect(out.stderr).toContain('/accepted/amount: must be a canonical decimal integer string')
    expect(out.stderr).toContain('/accepted/payTo: is required')
    expect(out.stderr).toContain('/payload/signature: is required (exact-EVM payload)')
  })

  test('not base64, not JSON', async () => {
    for (const input of ['%%%', 'e30', '{"a":', 'YWJj']) {
      const { io, out } = capture()
      expect(await decode([input], io), input).toBe(1)
      expect(out.stderr, input).toMatch(/\(root\): /)
    }
  })

  test('a header name that does not match the envelope', async () => {
    const v2 = examples.find((e) => e.header === 'PAYMENT-SIGNATURE')!
    const { io, out } = capture()
    expect(await decode([`X-PAYMENT: ${v2.headerValue}`], io)).toBe(1)
    expect(out.stderr).toContain('X-PAYMENT carries a v1 payment-payload, this is a v2 payment-payload')
  })

  test('--json', async () => {
    const e = examples.find((x) => x.header === 'X-PAYMENT-RESPONSE')!
    const { io, out } = capture()
    expect(await decode(['--json', e.headerValue!], io)).toBe(0)
    expect(JSON.parse(out.stdout)).toMatchObject({
      kind: 'settle-response',
      version: 1,
      encoding: 'base64',
      valid: true,
      issues: [],
    })
  })

  test('usage errors exit 2', async () => {
    expect(await decode([], capture('').io)).toBe(2)
    expect(await decode(['a', 'b'], capture().io)).toBe(2)
    expect(await decode(['--nope'], capture().io)).toBe(2)
    expect(await decode(['Authorization: abc'], capture().io)).toBe(2)
  })
})

describe('encode', () => {
  const payload = examples.find((e) => e.id === 'spec-v2.payment-payload')!.value

  test('encode then decode', async () => {
    const enc = capture(JSON.stringify(payload))
    expect(await encode(['payment', '-', '--header'], enc.io)).toBe(0)
    expect(enc.out.stdout).toMatch(/^PAYMENT-SIGNATURE: [A-Za-z0-9+/]+=*\n$/)
    const dec = capture()
    expect(await decode([enc.out.stdout.trim()], dec.io)).toBe(0)
    expect(JSON.parse(dec.out.stdout)).toEqual(payload)
  })

  test('Japanese and emoji survive', async () => {
    const body = { success: true, transaction: '0xab', network: 'eip155:84532', errorMessage: '決済完了 ✅' }
    const enc = capture(JSON.stringify(body))
    expect(await encode(['PAYMENT-RESPONSE', '-'], enc.io)).toBe(0)
    expect(Buffer.from(enc.out.stdout.trim(), 'base64').toString('utf8')).toBe(JSON.stringify(body))
  })

  test('an invalid envelope exits 1 with pointers', async () => {
    const enc = capture(JSON.stringify({ ...(payload as object), x402Version: 2, accepted: { amount: '-5' } }))
    expect(await encode(['payment-signature', '-'], enc.io)).toBe(1)
    expect(enc.out.stderr).toContain('/accepted/amount:')
    expect(enc.out.stderr).toContain('/accepted/scheme: is required')
  })

  test('the wrong version for the header, bad JSON, usage', async () => {
    const wrong = capture(JSON.stringify(payload))
    expect(await encode(['x-payment', '-'], wrong.io)).toBe(1)
    expect(wrong.out.stderr).toContain('/x402Version: must be 1 for this header')
    expect(await encode(['payment', '-'], capture('{').io)).toBe(1)
    expect(await encode(['nonsense', '-'], capture('{}').io)).toBe(2)
    expect(await encode(['payment'], capture('{}').io)).toBe(2)
    expect(await encode(['payment', '/nonexistent/file.json'], capture().io)).toBe(2)
  })
})
