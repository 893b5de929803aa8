import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { cliProcess, fixtureTarget } from './cliProcess.js'

// A hosted facilitator: behind an API key, at non-standard paths (the reference facilitator, wrapped).
const dir = mkdtempSync(join(tmpdir(), 'x402-hosted-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const secret = 'Bearer hosted-facilitator-t0ps3cret'
const fixture = { FIXTURE_AUTH: secret, FIXTURE_PREFIX: '/api/payments/', X402_TEST_FACILITATOR_AUTH: secret }
const target = ['run', '--exec', fixtureTarget('wrappedFacilitator'), '--facilitator', 'http://127.0.0.1:{PORT}/']
const paths = '--facilitator-paths=verify=/api/payments/verify,settle=/api/payments/settle,supported=/api/payments/supported'

type Report = {
  cases: {
    id: string
    control: boolean
    status: string
    transcript: { request: { url: string; headers: Record<string, string> } }[]
  }[]
}

describe('--header and --facilitator-paths', () => {
  test('every request carries the header and reaches the paths; the secret is in no output and no report', async () => {
    const json = join(dir, 'hosted.json')
    const html = join(dir, 'hosted.html')
    const args = [...target, '--header', 'Authorization: env:X402_TEST_FACILITATOR_AUTH', paths]
    const cli = cliProcess(
      [...args, '--grep', '^facilitator\\.(amount|supported)\\.', '--seed', '3', '--json', json, '--html', html],
      fixture,
    )
    expect(await cli.exit).toBe(0)
    const text = readFileSync(json, 'utf8')
    const report = JSON.parse(text) as Report
    const ran = report.cases.filter((c) => c.status === 'pass')
    expect(ran.filter((c) => c.control).length).toBe(4)
    expect(ran.length).toBeGreaterThan(8)
    const requests = report.cases.flatMap((c) => c.transcript.map((x) => x.request))
    const toFacilitator = requests.filter((r) => r.url.includes('/api/payments/'))
    expect(toFacilitator.length).toBeGreaterThan(10)
    for (const r of toFacilitator) expect(r.headers['Authorization']).toBe('[redacted]')
    for (const out of [text, readFileSync(html, 'utf8'), cli.stdout(), cli.stderr()]) expect(out).not.toContain('t0ps3cret')
  }, 300_000)

  test('without the header: an environment failure that says what is missing (exit 3)', async () => {
    const cli = cliProcess([...target, paths, '--grep', '^facilitator\\.amount\\.'], fixture)
    expect(await cli.exit).toBe(3)
    expect(cli.stderr()).toMatch(/answers 401 to GET \/api\/payments\/supported: give its credentials with --header/)
  }, 120_000)

  test('a --header naming an unset variable is a usage error (exit 2)', async () => {
    const cli = cliProcess([...target, '--header', 'Authorization: env:X402_TEST_UNSET_VARIABLE'], fixture)
    expect(await cli.exit).toBe(2)
    expect(cli.stderr()).toContain('--header Authorization: the environment variable X402_TEST_UNSET_VARIABLE is not set')
  }, 60_000)
})
