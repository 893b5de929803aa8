import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { afterAll, describe, expect, test } from 'vitest'
import { run } from '../conformance/cli/commands/run.js'
import { startChain } from '../src/chain/index.js'
import { startFacilitator } from '../src/facilitator/createFacilitator.js'

// The README's main command against the embedded reference roles exits 0 and writes reports that validate.
// A broad slice of it here (234 results, under a minute); the whole suite is the README's first command, which
// CI runs before `npm test` (.ci/run): it takes minutes of deliberate waits (pending settlements, hangs).
describe('x402-conformance run (embedded reference)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'x402-run-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('exits 0 and writes reports that validate', async () => {
    const json = join(dir, 'report.json')
    const code = await run([
      '--quiet',
      '--seed',
      '402',
      '--grep',
      '^(facilitator|server)\\.(verification|signature|receipts|challenge|supported|permit2|upto|matching|settlement)\\.',
      '--json',
      json,
      '--junit',
      join(dir, 'report.xml'),
      '--html',
      join(dir, 'report.html'),
    ])
    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      outcome: string
      summary: { counts: Record<string, number> }
      cases: { id: string; status: string; message: string | null }[]
    }
    expect(report.cases.filter((c) => c.status === 'fail' || c.status === 'stale').map((c) => `${c.id}: ${c.message}`)).toEqual(
      [],
    )
    expect(code).toBe(0)
    expect(report.outcome).toBe('pass')
    expect(report.summary.counts['pass']).toBeGreaterThan(200)
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true })
    ;(addFormats as unknown as (a: Ajv2020) => void)(ajv)
    const validate = ajv.compile(
      JSON.parse(readFileSync(new URL('../schemas/report.schema.json', import.meta.url), 'utf8')) as object,
    )
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true)
    expect(readFileSync(join(dir, 'report.xml'), 'utf8')).toMatch(/^<\?xml/)
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/<!doctype html>/)
  }, 300_000)

  test('usage errors exit 2', async () => {
    expect(await run(['--version', '3'])).toBe(2)
    expect(await run(['--bogus'])).toBe(2)
    expect(await run(['--seed', 'abc'])).toBe(2)
  })

  test('an unreachable target exits 3', async () => {
    expect(await run(['--facilitator', 'http://127.0.0.1:9/', '--grep', 'control'])).toBe(3)
  }, 60_000)

  test('--rpc and --facilitator: a facilitator already running on an existing chain passes', async () => {
    const chain = await startChain()
    const facilitator = await startFacilitator({ rpcUrl: chain.rpcUrl, privateKey: chain.facilitator.privateKey })
    try {
      const json = join(dir, 'rpc.json')
      const code = await run([
        '--quiet',
        '--rpc',
        chain.rpcUrl,
        '--facilitator',
        facilitator.url,
        '--grep',
        '^facilitator\\.(amount|nonce)',
        '--seed',
        '7',
        '--json',
        json,
      ])
      const report = JSON.parse(readFileSync(json, 'utf8')) as {
        target: { kind: string }
        summary: { counts: Record<string, number> }
      }
      expect(code).toBe(0)
      expect(report.target.kind).toBe('facilitator')
      expect(report.summary.counts['pass']).toBeGreaterThan(20)
    } finally {
      await facilitator.close()
      await chain.stop()
    }
  }, 120_000)
})
