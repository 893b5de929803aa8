import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { encodeBase64Json } from '../../../src/codecs/base64Json.js'
import { checkLines, run } from './probe.js'

const offer = {
  scheme: 'exact',
  network: 'eip155:84532',
  amount: '10000',
  asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
  payTo: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  maxTimeoutSeconds: 60,
}

/** `/paid` answers a correct v2 challenge; `/free` answers 200; `/cached` a challenge without no-store. */
function listen(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').toLowerCase().replace(/\/$/, '')
    if (req.method === 'OPTIONS') return void res.writeHead(204).end()
    if (path === '/free') return void res.writeHead(200).end('the paid answer')
    const challenge = { x402Version: 2, resource: { url: `http://${req.headers.host}${req.url}` }, accepts: [offer] }
    const cache = path === '/cached' ? {} : { 'cache-control': 'no-store' }
    res.writeHead(402, { ...cache, 'payment-required': encodeBase64Json(challenge) }).end()
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

let server: Server
let base: string
let dir: string
beforeAll(async () => {
  server = await listen()
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  dir = mkdtempSync(join(tmpdir(), 'probe-'))
})
afterAll(() => {
  server.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Runs the command with stdout and stderr captured. */
async function probe(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((t) => ((out += String(t)), true))
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((t) => ((err += String(t)), true))
  try {
    return { code: await run(argv), out, err }
  } finally {
    stdout.mockRestore()
    stderr.mockRestore()
  }
}

describe('probe command', () => {
  test('default: a conforming URL passes (exit 0) and shows its offer in token units', async () => {
    const { code, out } = await probe(`${base}/paid`)
    expect(code).toBe(0)
    expect(out).toContain(
      `${base}/paid: 402, challenge v2 (PAYMENT-REQUIRED header)\n  accepts[0]: 0.01 USDC (10000 atomic units)`,
    )
    expect(out).toContain('✓ server.probe.status.challenge-402 v2 MUST interop')
  })

  test('a paid URL answered 200 fails (exit 1) with its clause; the reports are written', async () => {
    const files = { json: join(dir, 'r.json'), junit: join(dir, 'r.xml'), sarif: join(dir, 'r.sarif'), html: join(dir, 'r.html') }
    const reports = ['--json', files.json, '--junit', files.junit, '--sarif', files.sarif, '--html', files.html]
    const { code, out } = await probe(`${base}/free`, ...reports)
    expect(code).toBe(1)
    expect(out).toContain('✗ server.probe.status.not-served v2 MUST access')
    expect(out).toContain('clause probe.paid-url.not-served: A URL the operator names as paid is never answered 2xx')
    const report = JSON.parse(readFileSync(files.json, 'utf8')) as { target: { kind: string }; chain: unknown; outcome: string }
    expect([report.target.kind, report.chain, report.outcome]).toEqual(['probe', null, 'fail'])
    expect(readFileSync(files.junit, 'utf8')).toContain('[access] http')
    expect(readFileSync(files.html, 'utf8')).toContain(`<div class="meta">${base}/free · seed 0`)
    const sarif = JSON.parse(readFileSync(files.sarif, 'utf8')) as { runs: { results: { ruleId: string; level: string }[] }[] }
    expect(sarif.runs[0]!.results.map((r) => [r.ruleId, r.level])).toContainEqual(['server.probe.status.not-served', 'error'])
  })

  test('args: --strict turns a hygiene warning into a failure', async () => {
    expect((await probe(`${base}/cached`)).code).toBe(0)
    const strict = await probe(`${base}/cached`, '--strict')
    expect(strict.code).toBe(1)
    expect(strict.out).toContain('✗ server.probe.headers.no-store v2 SHOULD hygiene')
  })

  test('args: --version 1 requires a v1 challenge', async () => {
    const { code, out } = await probe(`${base}/paid`, '--version', '1')
    expect(code).toBe(1)
    expect(out).toContain('the 402 carries no v1 challenge')
  })

  test('args: --list prints every check with its level, harm and clause', async () => {
    const { code, out } = await probe('--list')
    expect(code).toBe(0)
    expect(out.trim().split('\n')).toEqual(checkLines())
    expect(
      checkLines()
        .find((l) => l.startsWith('server.probe.offer.checksum-valid'))
        ?.split(/ {2,}/),
    ).toEqual([
      'server.probe.offer.checksum-valid',
      'MUST',
      'interop',
      'probe.offer.checksum-valid',
      'no mixed-case address has a wrong EIP-55 checksum',
    ])
  })

  describe('errors', () => {
    test('usage errors exit 2', async () => {
      expect((await probe()).code).toBe(2)
      expect((await probe('ftp://example.com/x')).err).toContain('not an http(s) URL: ftp://example.com/x')
      expect((await probe(`${base}/paid`, '--version', '3')).code).toBe(2)
      expect((await probe(`${base}/paid`, '--timeout', 'soon')).code).toBe(2)
      expect((await probe(`${base}/paid`, '--bogus')).code).toBe(2)
    })

    test('a URL that does not answer exits 3', async () => {
      const { code, err } = await probe('http://127.0.0.1:9/paid', '--timeout', '2000')
      expect(code).toBe(3)
      expect(err).toContain('x402-conformance probe: no answer from http://127.0.0.1:9/paid')
    })
  })
})
