import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { packageRoot } from '../src/codecs/packageRoot.js'
import { run } from '../conformance/cli/commands/fixtures.js'
import { compareFixtures, listGenerated, writeFixtures } from '../conformance/fixtures/files.js'
import { generateFixtures } from '../conformance/fixtures/generate.js'
import type { FixtureFile } from '../conformance/fixtures/format.js'
import { bad, envelopeGroup, ok } from '../conformance/fixtures/kinds/envelopeGroup.js'
import { loadClauses } from '../conformance/spec.js'
import { reasons } from '../src/errors/reasons.js'
import type { Reason } from '../src/errors/reasons.js'
import { offlineChecks } from '../src/evm/offlineChecks.js'
import { verifyPaymentOffline } from '../src/evm/verifyPaymentOffline.js'
import { hashTypedData, recoverTypedDataAddress } from 'viem'
import type { Address, Hex, TypedDataDefinition } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

const root = packageRoot()
const committed = join(root, 'fixtures')
const python = spawnSync('python3', ['--version'], { encoding: 'utf8' })
const hasPython = python.status === 0

let generated: Map<string, string>
let fresh: string
const files = (): { path: string; file: FixtureFile }[] =>
  listGenerated(committed).map((path) => ({ path, file: JSON.parse(readFileSync(join(committed, path), 'utf8')) as FixtureFile }))

beforeAll(async () => {
  generated = await generateFixtures()
  fresh = mkdtempSync(join(tmpdir(), 'x402-fixtures-'))
  writeFixtures(fresh, generated)
})
afterAll(() => rmSync(fresh, { recursive: true, force: true }))

describe('freshness', () => {
  test('regenerating gives the committed files, byte for byte', () => {
    const stale =
      'fixtures/ is stale: run `npx tsx conformance/fixtures/cli.ts` (or `x402-conformance fixtures`) and commit the result'
    expect(compareFixtures(committed, generated), stale).toEqual([])
    expect(compareFixtures(fresh, generated)).toEqual([])
  })

  test('generation is deterministic', async () => {
    const again = await generateFixtures()
    expect([...again.entries()]).toEqual([...generated.entries()])
  })

  test('--check names every differing, missing and extra file and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'x402-fixtures-check-'))
    try {
      writeFixtures(dir, generated)
      const [first, second] = [...generated.keys()]
      writeFileSync(join(dir, first!), `${generated.get(first!)!} `)
      rmSync(join(dir, second!))
      writeFileSync(join(dir, 'eip712', 'stale.json'), '{}\n')
      const out: string[] = []
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true))
      const code = await run(['--check', '--out', dir]).finally(() => spy.mockRestore())
      expect(code).toBe(1)
      expect(out.join('')).toContain(`differs: ${first}`)
      expect(out.join('')).toContain(`missing: ${second}`)
      expect(out.join('')).toContain('not generated: eip712/stale.json')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('--help exits 0; an unknown option is a usage error (2)', async () => {
    const out: string[] = []
    const spyOut = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true))
    const spyErr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true))
    try {
      expect(await run(['--help'])).toBe(0)
      expect(await run(['--frobnicate'])).toBe(2)
    } finally {
      spyOut.mockRestore()
      spyErr.mockRestore()
    }
    expect(out.join('')).toContain('usage: x402-conformance fixtures [--out DIR] [--check]')
  })

  test('files are 2-space JSON with a trailing newline', () => {
    for (const [path, text] of generated) {
      expect(text.endsWith('}\n'), path).toBe(true)
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`)
    }
  })
})

describe('sanity', () => {
  const schema = JSON.parse(readFileSync(join(root, 'schemas', 'fixture.schema.json'), 'utf8')) as object
  const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema)

  test('every file validates against schemas/fixture.schema.json', () => {
    for (const { path, file } of files()) expect(validate(file) ? [] : validate.errors, path).toEqual([])
  })

  test('the fixture schema rejects a "should" description and a bad expected shape', () => {
    const { file } = files()[0]!
    const vector = file.vectors[0]!
    expect(validate({ ...file, vectors: [{ ...vector, description: 'X should frob' }] })).toBe(false)
    expect(validate({ ...file, vectors: [{ ...vector, expected: {} }] })).toBe(false)
    expect(validate({ ...file, formatVersion: 2 })).toBe(false)
  })

  test('ids are unique and start with their group id; the folder is the kind', () => {
    const seen = new Set<string>()
    for (const { path, file } of files()) {
      expect(path.startsWith(`${file.kind}/`), path).toBe(true)
      for (const { id } of file.vectors) {
        expect(seen.has(id), id).toBe(false)
        expect(id.startsWith(`${file.id}.`), id).toBe(true)
        seen.add(id)
      }
    }
  })

  test('every clause exists in spec/', () => {
    const clauses = loadClauses()
    const missing = new Set<string>()
    for (const { file } of files()) for (const v of file.vectors) if (!clauses.has(v.clause)) missing.add(v.clause)
    expect([...missing].sort()).toEqual([])
  })

  test('descriptions are one short line, without "should"', () => {
    for (const { file } of files()) {
      for (const d of [file.description, ...file.vectors.map((v) => v.description)]) {
        expect(d.length, d).toBeLessThanOrEqual(100)
        expect(d).not.toMatch(/should|\n/i)
      }
    }
  })

  test('every kind exists, with at least 200 vectors in total', () => {
    const counts = new Map<string, number>()
    for (const { file } of files()) counts.set(file.kind, (counts.get(file.kind) ?? 0) + file.vectors.length)
    expect([...counts.keys()].sort()).toEqual(['eip712', 'envelope-validity', 'header-encoding', 'offline-verify', 'permit2'])
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(200)
  })
})

describe('offline-verify coverage', () => {
  const vectorsOf = (kind: string) =>
    files()
      .filter(({ file }) => file.kind === kind)
      .flatMap(({ file }) => file.vectors)

  test('every reason code the offline verifier can return has a vector', () => {
    const parse = readFileSync(join(root, 'src', 'evm', 'parseVerifyInput.ts'), 'utf8')
    const parseReasons = [...parse.matchAll(/reason: '([a-z0-9_]+)'/g)].map((m) => m[1]!)
    expect(parseReasons).toEqual(
      expect.arrayContaining(['invalid_payload', 'invalid_x402_version', 'invalid_payment_requirements']),
    )
    const offline = new Set([...parseReasons, ...offlineChecks.map((c) => c.reason)])
    for (const reason of offline) expect(Object.hasOwn(reasons, reason), reason).toBe(true)
    const covered = new Set(vectorsOf('offline-verify').map((v) => v.expected['invalidReason']))
    expect([...offline].filter((r) => !covered.has(r))).toEqual([])
    expect(covered.has(undefined)).toBe(true)
  })

  test('each vector carries the category and clause of its reason', () => {
    for (const v of vectorsOf('offline-verify')) {
      const reason = v.expected['invalidReason'] as Reason | undefined
      if (reason === undefined) continue
      expect(v.expected['category'], v.id).toBe(reasons[reason].category)
      expect(v.clause, v.id).toBe(reasons[reason].clause)
    }
  })

  test('consumed by src/evm: verifyPaymentOffline gives every expected verdict', () => {
    for (const v of vectorsOf('offline-verify')) {
      const input = v.input as unknown as {
        paymentPayload: unknown
        paymentRequirements: unknown
        x402Version?: 1 | 2
        now: number
      }
      const result = verifyPaymentOffline(input)
      const got = result.isValid
        ? { isValid: true, payer: result.payer }
        : {
            isValid: false,
            invalidReason: result.invalidReason,
            category: reasons[result.invalidReason].category,
            ...(result.payer ? { payer: result.payer } : {}),
            ...(result.deferred ? { deferred: true } : {}),
          }
      expect(got, v.id).toEqual(v.expected)
    }
  })

  test('consumed by viem: EIP-712 hashes, signature and signer recompute from the input', async () => {
    for (const v of vectorsOf('eip712')) {
      const e = v.expected as {
        typedData: { domain: { chainId: number }; message: Record<string, string> }
        digest: Hex
        domainSeparator: Hex
        signature: Hex
        signer: Address
      }
      const { EIP712Domain: _, ...types } = (
        v.expected['typedData'] as { types: Record<string, { name: string; type: string }[]> }
      ).types
      const typedData = {
        domain: e.typedData.domain,
        types,
        primaryType: 'TransferWithAuthorization',
        message: e.typedData.message,
      } as unknown as TypedDataDefinition
      expect(v.input['authorization'], v.id).toEqual(e.typedData.message)
      expect(hashTypedData(typedData), v.id).toBe(e.digest)
      const account = privateKeyToAccount(v.input['privateKey'] as Hex)
      expect(await account.signTypedData(typedData), v.id).toBe(e.signature)
      expect(await recoverTypedDataAddress({ ...typedData, signature: e.signature }), v.id).toBe(e.signer)
    }
  })
})

describe('generator guards', () => {
  test('an envelope case the schema disagrees with stops generation', () => {
    const schemaPath = 'v2/resource-info'
    expect(() => envelopeGroup(schemaPath, 'd', 'c.x', [ok('wrong', 'd', { url: '' })])).toThrow(/schema says invalid/)
    expect(() => envelopeGroup(schemaPath, 'd', 'c.x', [bad('wrong', 'd', { url: 'u' }, '/url')])).toThrow(/schema says valid/)
    expect(() => envelopeGroup(schemaPath, 'd', 'c.x', [bad('wrong', 'd', { url: '' }, '/mimeType')])).toThrow(/no error at/)
  })
})

describe('python consumer', () => {
  test.skipIf(!hasPython)('python3 fixtures/consumers/python/consume.py passes (standard library only)', () => {
    const result = spawnSync('python3', ['fixtures/consumers/python/consume.py'], { cwd: root, encoding: 'utf8' })
    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(/^\d+ passed, 0 failed, \d+ skipped/m)
    expect(result.status).toBe(0)
  })

  test.skipIf(!hasPython)('it fails, naming the vector, when a fixture is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'x402-fixtures-py-'))
    try {
      writeFixtures(dir, generated)
      const path = 'header-encoding/headers.json'
      const file = JSON.parse(generated.get(path)!) as FixtureFile
      const tampered = file.vectors.map((v, i) => (i === 0 ? { ...v, expected: { ...v.expected, canonical: false } } : v))
      writeFileSync(join(dir, path), JSON.stringify({ ...file, vectors: tampered }))
      const envelopePath = 'envelope-validity/v2/payment-payload.json'
      const envelopes = JSON.parse(generated.get(envelopePath)!) as FixtureFile
      const flipped = envelopes.vectors.map((v, i) => (i === 0 ? { ...v, expected: { valid: !v.expected['valid'] } } : v))
      writeFileSync(join(dir, envelopePath), JSON.stringify({ ...envelopes, vectors: flipped }))
      const result = spawnSync(
        'python3',
        ['fixtures/consumers/python/consume.py', '--fixtures', dir, '--schemas', join(root, 'schemas')],
        { cwd: root, encoding: 'utf8' },
      )
      expect(result.status).toBe(1)
      expect(result.stdout).toContain(`FAIL ${file.vectors[0]!.id}`)
      expect(result.stdout).toContain(`FAIL ${envelopes.vectors[0]!.id}`)
      expect(result.stdout).toMatch(/ 2 failed/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test.runIf(!hasPython)('python3 is missing: the consumer is not run here', () => {
    console.warn('python3 not found: skipping the python fixture consumer (install python3 to run it)')
  })
})
