import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { samples } from '../conformance/fixtures/samples.js'
import { schemaBase, schemaIds } from '../src/codecs/schemaIds.js'
import { validateAgainstSchema } from '../src/codecs/validateAgainstSchema.js'
import { chainIdOf, evmNetworks } from '../src/networks/registry.js'

// The composed schemas (schemas/exact-evm/v{1,2}-payment-{required,payload}) against the other
// sources of truth: the plain envelopes, src/networks, the offline verifier and the upstream examples.

const root = join(import.meta.dirname, '..')
const composed = schemaIds.exactEvm
const s = await samples()
const valid = (id: string, value: unknown) => validateAgainstSchema(id, value).valid
const pointers = (id: string, value: unknown) => validateAgainstSchema(id, value).errors.map((e) => e.pointer)
const withMember = (value: object, path: string[], member: unknown): object => {
  const [head, ...rest] = path
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as never) : { ...value }
  copy[head!] = rest.length === 0 ? member : withMember(copy[head!] as object, rest, member)
  return copy
}

describe('what the plain envelopes let through, the composed schemas reject', () => {
  const auth = ['payload', 'authorization']
  const signature = String(s.exactPayload['signature'])
  const cases: [string, string, string, object, string][] = [
    [
      'a v2 offer with payTo "0x1234"',
      schemaIds.v2.paymentRequired,
      composed.v2PaymentRequired,
      withMember(s.paymentRequiredV2, ['accepts', '0', 'payTo'], '0x1234'),
      '/accepts/0/payTo',
    ],
    [
      'a v1 offer with payTo "0x1234"',
      schemaIds.v1.paymentRequired,
      composed.v1PaymentRequired,
      withMember(s.paymentRequiredV1, ['accepts', '0', 'payTo'], '0x1234'),
      '/accepts/0/payTo',
    ],
    [
      'a v2 payload whose nonce is 2 bytes',
      schemaIds.v2.paymentPayload,
      composed.v2PaymentPayload,
      withMember(s.paymentPayloadV2, [...auth, 'nonce'], '0x1234'),
      '/payload/authorization/nonce',
    ],
    [
      'a v2 payload whose value is hex',
      schemaIds.v2.paymentPayload,
      composed.v2PaymentPayload,
      withMember(s.paymentPayloadV2, [...auth, 'value'], '0x2710'),
      '/payload/authorization/value',
    ],
    [
      'a v2 payload whose signature is not hex',
      schemaIds.v2.paymentPayload,
      composed.v2PaymentPayload,
      withMember(s.paymentPayloadV2, ['payload', 'signature'], `${signature.slice(0, -2)}zz`),
      '/payload/signature',
    ],
    [
      'a v2 payload whose accepted.asset is not an address',
      schemaIds.v2.paymentPayload,
      composed.v2PaymentPayload,
      withMember(s.paymentPayloadV2, ['accepted', 'asset'], 'USDC'),
      '/accepted/asset',
    ],
    [
      'a v1 payload whose from is 2 bytes',
      schemaIds.v1.paymentPayload,
      composed.v1PaymentPayload,
      withMember(s.paymentPayloadV1, [...auth, 'from'], '0x1234'),
      '/payload/authorization/from',
    ],
  ]

  test.each(cases)('%s', (_title, plain, strict, instance, pointer) => {
    expect(validateAgainstSchema(plain, instance).errors).toEqual([])
    expect(pointers(strict, instance)).toContain(pointer)
  })

  test('the samples themselves are valid for both', () => {
    expect(valid(composed.v2PaymentRequired, s.paymentRequiredV2)).toBe(true)
    expect(valid(composed.v1PaymentRequired, s.paymentRequiredV1)).toBe(true)
    expect(valid(composed.v2PaymentPayload, s.paymentPayloadV2)).toBe(true)
    expect(valid(composed.v1PaymentPayload, s.paymentPayloadV1)).toBe(true)
  })
})

describe('networks agree with src/networks', () => {
  test('the v1 EVM network names are exactly the v1 names of src/networks', () => {
    const file = join(root, 'schemas', 'exact-evm', 'v1-payment-required.schema.json')
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { $defs: { evmNetwork: { enum: string[] } } }
    const names = evmNetworks.flatMap((n) => (n.v1Name === null ? [] : [n.v1Name]))
    expect(schema.$defs.evmNetwork.enum).toEqual(names)
  })

  test('an exact offer on eip155 is accepted exactly when src/networks reads a chain id from it', () => {
    const networks = [
      'eip155:1',
      'eip155:84532',
      'eip155:9999999999999999',
      'eip155:0',
      'eip155:01',
      'eip155:base',
      'eip155:99999999999999999',
      'eip155:-1',
    ]
    for (const network of networks) {
      const challenge = withMember(s.paymentRequiredV2, ['accepts', '0', 'network'], network)
      const payment = withMember(s.paymentPayloadV2, ['accepted', 'network'], network)
      const expected = chainIdOf(network) !== undefined
      expect(valid(composed.v2PaymentRequired, challenge), network).toBe(expected)
      expect(valid(composed.v2PaymentPayload, payment), network).toBe(expected)
    }
  })
})

type OfflineVector = {
  id: string
  input: { paymentPayload: unknown; paymentRequirements: Record<string, unknown> }
  expected: { isValid: boolean; invalidReason?: string }
}

/**
 * The steps of spec chapter 3 that judge one envelope alone (a shape, a format, the scheme, the
 * network): what a schema can and must catch. The other steps compare two envelopes (network and
 * accepted mismatches, recipient, amount), the clock or the signature: a payment that fails only
 * those is still well formed.
 */
const judgedAlone = new Set([
  'invalid_payload',
  'invalid_payment_requirements',
  'unsupported_scheme',
  'invalid_scheme',
  'invalid_network',
  'invalid_exact_evm_asset',
])
const judgedTogether = new Set([
  'invalid_exact_evm_network_mismatch',
  'accepted_requirements_mismatch',
  'invalid_exact_evm_payload_recipient_mismatch',
  'invalid_exact_evm_payload_authorization_value_mismatch',
  'invalid_exact_evm_payload_authorization_valid_before',
  'invalid_exact_evm_payload_authorization_valid_after',
  'invalid_exact_evm_payload_authorization_validity_too_long',
  'invalid_exact_evm_payload_signature',
])

/** Whether the composed schemas must reject the payment or its requirements, by the verifier's verdict. */
function mustReject(v: OfflineVector): boolean {
  const reason = v.expected.invalidReason
  if (reason === undefined) return false
  if (judgedAlone.has(reason)) return true
  if (judgedTogether.has(reason)) return false
  const payload = v.input.paymentPayload as { x402Version?: unknown }
  // a request whose x402Version differs from a well-formed payload's is a mismatch of two envelopes
  if (reason === 'invalid_x402_version') return payload.x402Version !== 1 && payload.x402Version !== 2
  // extra present but not non-empty strings: a shape; extra absent and no default asset: a table lookup
  const extra = (v.input.paymentRequirements['extra'] ?? {}) as Record<string, unknown>
  if (reason === 'invalid_exact_evm_missing_eip712_domain') return 'name' in extra || 'version' in extra
  throw new Error(`${v.id}: reason ${reason} is not classified here`)
}

describe('the offline-verify vectors', () => {
  const file = join(root, 'fixtures', 'offline-verify', 'exact-evm.json')
  const vectors = (JSON.parse(readFileSync(file, 'utf8')) as { vectors: OfflineVector[] }).vectors

  test.each(vectors.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const payload = v.input.paymentPayload as { x402Version?: unknown; resource?: unknown }
    const v1 = payload?.x402Version === 1
    const accepts = [v.input.paymentRequirements]
    const resource = payload?.resource ?? { url: 'https://api.example.com/x' }
    const challenge = v1 ? { x402Version: 1, accepts } : { x402Version: 2, resource, accepts }
    const payloadOk = valid(v1 ? composed.v1PaymentPayload : composed.v2PaymentPayload, payload)
    const challengeOk = valid(v1 ? composed.v1PaymentRequired : composed.v2PaymentRequired, challenge)
    expect({ payloadOk, challengeOk, rejected: !(payloadOk && challengeOk) }).toMatchObject({ rejected: mustReject(v) })
    if (v.expected.isValid) expect({ payloadOk, challengeOk }).toEqual({ payloadOk: true, challengeOk: true })
  })

  test('they include accepted payments and payments rejected for a shape', () => {
    expect(vectors.filter((v) => v.expected.isValid).length).toBeGreaterThan(10)
    expect(vectors.filter((v) => mustReject(v)).length).toBeGreaterThan(10)
  })
})

type Check = { schema: string; pointer: string; valid: boolean }
type Example = { id: string; value?: unknown; httpBody?: unknown; checks?: Check[] }

/** Where a plain check of an upstream example has a composed counterpart: schema and pointer suffix. */
const counterpart: Record<string, [string, string]> = {
  'v1/payment-required': [composed.v1PaymentRequired, ''],
  'v2/payment-required': [composed.v2PaymentRequired, ''],
  'v1/payment-payload': [composed.v1PaymentPayload, ''],
  'v2/payment-payload': [composed.v2PaymentPayload, ''],
  'v1/verify-request': [composed.v1PaymentPayload, '/paymentPayload'],
  'v2/verify-request': [composed.v2PaymentPayload, '/paymentPayload'],
}

function at(value: unknown, pointer: string): unknown {
  return pointer === ''
    ? value
    : pointer
        .slice(1)
        .split('/')
        .reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], value)
}

describe('the upstream examples', () => {
  const dir = join(root, 'test', 'upstream-examples')
  const examples = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { examples: Example[] }).examples)
  const checked = examples.flatMap((e) =>
    (e.checks ?? []).filter((c) => c.valid && c.schema in counterpart).map((c) => [e, c] as const),
  )

  // An example is a valid exact-EVM (EIP-3009) one unless test/upstream-examples records its exact-EVM
  // payload as broken (placeholders such as "0x...", or an ERC-7710 payload).
  test.each(checked.map(([e, c]) => [`${e.id} ${c.schema}`, e, c] as const))('%s', (_name, e, c) => {
    const [schema, suffix] = counterpart[c.schema]!
    const expected = (e.checks ?? []).filter((k) => k.schema.startsWith('exact-evm/')).every((k) => k.valid)
    const result = validateAgainstSchema(schema, at(e.value ?? e.httpBody, `${c.pointer}${suffix}`))
    expect({ valid: result.valid, errors: expected ? result.errors : [] }).toEqual({ valid: expected, errors: [] })
  })

  test('most of them are valid exact-EVM envelopes', () => {
    const accepted = checked.filter(([e]) => (e.checks ?? []).every((k) => k.valid))
    expect(accepted.length).toBeGreaterThanOrEqual(8)
    expect(checked.length - accepted.length).toBe(3)
  })
})

describe('the python consumer validates documents with them', () => {
  const hasPython = spawnSync('python3', ['--version']).status === 0
  const consume = (schema: string, document: unknown) =>
    spawnSync('python3', ['fixtures/consumers/python/consume.py', '--validate', '-', '--schema', schema], {
      cwd: root,
      encoding: 'utf8',
      input: JSON.stringify(document),
    })

  test.skipIf(!hasPython)('a valid payment and a challenge with payTo "0x1234"', () => {
    const ok = consume('exact-evm/v2-payment-payload', s.paymentPayloadV2)
    expect([ok.status, ok.stdout.trim()]).toEqual([0, 'valid'])
    const badChallenge = withMember(s.paymentRequiredV2, ['accepts', '0', 'payTo'], '0x1234')
    const bad = consume(`${schemaBase}/exact-evm/v2-payment-required.schema.json`, badChallenge)
    expect(bad.status).toBe(1)
    expect(bad.stdout).toContain('invalid /accepts/0/payTo')
    expect(consume('v2/payment-required', badChallenge).status).toBe(0)
  })
})
