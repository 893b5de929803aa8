import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { decodeBase64Json } from '../src/codecs/base64Json.js'
import { decodePaymentPayloadHeader } from '../src/codecs/paymentPayload.js'
import { decodePaymentRequiredHeader } from '../src/codecs/paymentRequired.js'
import { decodePaymentResponseHeader } from '../src/codecs/paymentResponse.js'
import { schemaBase } from '../src/codecs/schemaIds.js'
import { validateAgainstSchema } from '../src/codecs/validateAgainstSchema.js'
import { detectEnvelope } from '../src/codecs/detectEnvelope.js'

type Check = { schema: string; pointer: string; valid: boolean; note?: string }
type Example = {
  id: string
  line: number
  value?: unknown
  httpBody?: unknown
  checks?: Check[]
  header?: string
  headerValue?: string
  decodesTo?: string
  text?: string
  json?: false
  note?: string
}

const dir = join(import.meta.dirname, 'upstream-examples')
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
const all = new Map<string, Example>()
for (const f of files)
  for (const e of (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { examples: Example[] }).examples) all.set(e.id, e)

function at(value: unknown, pointer: string): unknown {
  if (pointer === '') return value
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], value)
}

function runChecks(value: unknown, checks: Check[]) {
  for (const c of checks) {
    const result = validateAgainstSchema(`${schemaBase}/${c.schema}.schema.json`, at(value, c.pointer))
    expect({ schema: c.schema, pointer: c.pointer, valid: result.valid, errors: c.valid ? result.errors : [] }).toEqual({
      ...c,
      note: undefined,
      valid: c.valid,
      errors: [],
    } as never)
    if (!c.valid) expect(c.note, 'an expected failure says why').toBeTruthy()
  }
}

const decoders: Record<string, (v: string) => unknown> = {
  'X-PAYMENT': (v) => decodePaymentPayloadHeader(v, 1),
  'PAYMENT-SIGNATURE': (v) => decodePaymentPayloadHeader(v, 2),
  'X-PAYMENT-RESPONSE': (v) => decodePaymentResponseHeader(v, 1),
  'PAYMENT-RESPONSE': (v) => decodePaymentResponseHeader(v, 2),
  'PAYMENT-REQUIRED': (v) => decodePaymentRequiredHeader(v),
}

test('the data covers the five upstream texts', () => {
  expect(files).toEqual(['exact-evm.json', 'http-v1.json', 'http-v2.json', 'spec-v1.json', 'spec-v2.json'])
  expect(all.size).toBe(40)
})

describe.each(files)('%s', (file) => {
  const { examples } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { examples: Example[] }
  test.each(examples.map((e) => [e.id, e] as const))('%s', (_id, e) => {
    if (e.json === false) {
      expect(() => JSON.parse(e.text!)).toThrow()
      expect(e.note).toBeTruthy()
      return
    }
    if (e.header !== undefined) {
      const decoded = decoders[e.header]!(e.headerValue!)
      expect(detectEnvelope(e.headerValue!).valid).toBe(true)
      if (e.decodesTo !== undefined) {
        const shown = all.get(e.decodesTo)
        expect(shown, e.decodesTo).toBeDefined()
        // exactly the JSON the upstream text says the header carries, member order included
        expect(JSON.stringify(decodeBase64Json(e.headerValue!))).toBe(JSON.stringify(shown!.value))
        expect(decoded).toEqual(shown!.value)
      } else runChecks(decoded, e.checks!)
      return
    }
    runChecks(e.value ?? e.httpBody, e.checks!)
  })
})
