import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { readWireByHand, safeParseWire, wireShapes } from './readWireFast.js'

// Differential: wherever a hand reader answers, its schema accepts the same value and gives the same
// result (members, values and their order); where the schema rejects, the reader must have deferred.

const address = '0x209693Bc6afc0C5328bA36FaF03C514EF312287C'
const asset = '0x036CbD53842c5426634e7929541eC2318f3dCF7e'
const offer = { payTo: address, maxTimeoutSeconds: 60, asset, extra: { name: 'USDC', version: '2' } }
const requirementsV2 = { scheme: 'exact', network: 'eip155:84532', amount: '10000', ...offer }
const requirementsV1 = {
  scheme: 'exact',
  network: 'base-sepolia',
  maxAmountRequired: '10000',
  resource: 'http://127.0.0.1/x',
  description: '',
  mimeType: 'application/json',
  outputSchema: null,
  ...offer,
}
const exact = {
  signature: `0x${'ab'.repeat(65)}`,
  authorization: {
    from: address,
    to: address.toLowerCase(),
    value: '10000',
    validAfter: '0',
    validBefore: '1800000060',
    nonce: `0x${'0f'.repeat(32)}`,
  },
}
const templates = {
  PaymentPayloadV2: {
    x402Version: 2,
    resource: { url: 'http://127.0.0.1/x', description: 'd' },
    accepted: requirementsV2,
    payload: exact,
    extensions: {},
  },
  PaymentPayloadV1: { x402Version: 1, scheme: 'exact', network: 'base-sepolia', payload: exact },
  PaymentRequirementsV2: requirementsV2,
  PaymentRequirementsV1: requirementsV1,
  ExactEvmPayload: exact,
} as const
type Name = keyof typeof templates

const weird: unknown[] = [
  null,
  '',
  'x',
  0,
  1,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 53,
  true,
  [],
  {},
  [1],
  '0x',
  '0X036CbD53842c5426634e7929541eC2318f3dCF7e',
  '0x036cbd53842c5426634e7929541ec2318f3dcf7e',
  `0x${'AB'.repeat(65)}`,
  `0x${'a'.repeat(63)}`,
  '01',
  '-1',
  '1e3',
  (2n ** 256n - 1n).toString(),
  (2n ** 256n).toString(),
  '9'.repeat(78),
  '1'.repeat(79),
  'eip155:1',
  'EIP155:1',
  'base-sepolia',
  JSON.parse('{"__proto__": {"a": 1}, "b": 2}'),
  Object.create(null),
  Object.assign(Object.create(null), { name: 'USDC' }),
  { [Symbol('s')]: 1 },
  new Date(0),
  { nested: { deep: [1, { x: null }] } },
]

type Path = readonly string[]
function paths(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return []
  return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])])
}

type Edit = { path: Path; kind: 'set' | 'delete' | 'add'; value: unknown }
function edited(template: unknown, edits: readonly Edit[]): unknown {
  const root = structuredClone(template) as Record<string, unknown>
  for (const { path, kind, value } of edits) {
    let at: Record<string, unknown> = root
    for (const k of path.slice(0, -1)) {
      const next = at[k]
      if (typeof next !== 'object' || next === null) return root
      at = next as Record<string, unknown>
    }
    const last = path[path.length - 1]!
    if (kind === 'delete') delete at[last]
    else if (kind === 'add') at[`${last}_extra`] = value
    else at[last] = value
  }
  return root
}

const editsOf = (name: Name) =>
  fc.array(
    fc.record({
      path: fc.constantFrom(...paths(templates[name]), []).map((p) => (p.length === 0 ? ['unknownMember'] : p)),
      kind: fc.constantFrom('set', 'set', 'delete', 'add'),
      value: fc.oneof(fc.constantFrom(...weird), fc.jsonValue(), fc.string()),
    }),
    { minLength: 0, maxLength: 3 },
  )

function agrees(name: Name, value: unknown): boolean {
  const shape = wireShapes[name]
  const byHand = readWireByHand(shape as never, value)
  const zod = shape.schema.safeParse(value)
  if (byHand === undefined) return true
  expect(zod.success, `${name}: read by hand, refused by zod: ${zod.error?.message}`).toBe(true)
  expect(byHand).toStrictEqual(zod.data)
  expect(JSON.stringify(byHand)).toBe(JSON.stringify(zod.data))
  expect(byHand).not.toBe(value)
  return false
}

describe('each reader answers only what its schema answers', () => {
  for (const name of Object.keys(templates) as Name[]) {
    test(name, () => {
      let read = 0
      fc.assert(
        fc.property(editsOf(name), (edits) => {
          if (!agrees(name, edited(templates[name], edits))) read++
        }),
        { numRuns: 1500, seed: 17 },
      )
      // the hand path is the one taken by ordinary values, not an empty promise
      expect(read).toBeGreaterThan(100)
    })
  }
})

test('the templates are read by hand, with the members in the schema order', () => {
  for (const name of Object.keys(templates) as Name[]) {
    const byHand = readWireByHand(wireShapes[name] as never, templates[name])
    expect(byHand, name).toStrictEqual(wireShapes[name].schema.parse(templates[name]))
  }
  const reordered = { unknown: 1, ...requirementsV2, scheme: 'exact' }
  const schemaOrder = ['scheme', 'network', 'amount', 'asset', 'payTo', 'maxTimeoutSeconds', 'extra', 'unknown']
  expect(Object.keys(readWireByHand(wireShapes.PaymentRequirementsV2, reordered)!)).toEqual(schemaOrder)
})

test('safeParseWire: a value the reader defers on gets zod’s own error', () => {
  const bad = { ...requirementsV2, amount: '01' }
  expect(readWireByHand(wireShapes.PaymentRequirementsV2, bad)).toBeUndefined()
  const parsed = safeParseWire(wireShapes.PaymentRequirementsV2, bad)
  expect(parsed.success).toBe(false)
  expect(parsed.error?.issues).toEqual(wireShapes.PaymentRequirementsV2.schema.safeParse(bad).error?.issues)
})
