import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { isPortOpen } from '../../../src/chain/anvil.js'
import { startChain } from '../../../src/chain/index.js'
import type { Chain } from '../../../src/chain/index.js'

const main = fileURLToPath(new URL('../main.ts', import.meta.url))

function cli(args: string[], env: Record<string, string> = {}) {
  const code = `const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(${JSON.stringify(args)})`
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exit = once(child, 'exit').then(([code]) => code as number | null)
  return { child, exit, stdout: () => stdout, stderr: () => stderr }
}

/** The first stdout line as JSON (bounded wait). */
async function firstLine(c: ReturnType<typeof cli>): Promise<Record<string, unknown>> {
  for (let i = 0; i < 600 && !c.stdout().includes('\n'); i++) await new Promise((r) => setTimeout(r, 50))
  return JSON.parse(c.stdout().split('\n')[0]!) as Record<string, unknown>
}

describe('serve', () => {
  test('serve server: one JSON line with the URLs and the chain; pay pays it; SIGTERM stops everything', async () => {
    const server = cli(['serve', 'server', '--price', '5000', '--version', '2'])
    const env = await firstLine(server)
    expect(env).toMatchObject({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      paidUrl: expect.any(String),
      facilitatorUrl: expect.any(String),
      network: 'eip155:84532',
    })
    const payers = env['payers'] as { privateKey: string }[]
    const paid = cli(['pay', env['paidUrl'] as string, '--json'], { X402_PRIVATE_KEY: payers[0]!.privateKey })
    expect(await paid.exit).toBe(0)
    expect(JSON.parse(paid.stdout())).toMatchObject({
      status: 200,
      receipt: { success: true, amount: '5000', x402Version: 2 },
      spent: '5000',
    })
    const refused = cli(['pay', env['paidUrl'] as string, '--max-amount', '100'], { X402_PRIVATE_KEY: payers[0]!.privateKey })
    expect(await refused.exit).toBe(1)
    expect(refused.stderr()).toMatch(/more than the maximum of 100/)
    const rpcPort = Number(new URL(env['rpcUrl'] as string).port)
    server.child.kill('SIGTERM')
    expect(await server.exit).toBe(0)
    expect(await isPortOpen(rpcPort)).toBe(false)
  })
  test('serve facilitator: /supported answers; SIGINT stops it', async () => {
    const f = cli(['serve', 'facilitator'])
    const env = await firstLine(f)
    const supported = (await (await fetch(`${env['url'] as string}/supported`)).json()) as { kinds: unknown[] }
    expect(supported.kinds).toContainEqual({ x402Version: 2, scheme: 'exact', network: 'eip155:84532' })
    f.child.kill('SIGINT')
    expect(await f.exit).toBe(0)
  })
  test.each([
    [['serve'], /expected 'facilitator' or 'server'/],
    [['serve', 'server', '--version', '3'], /--version must be 1, 2 or both/],
    [['serve', 'facilitator', '--rpc', 'http://127.0.0.1:1'], /--rpc needs a facilitator key that pays gas/],
    [
      ['serve', 'facilitator', '--rpc', 'http://127.0.0.1:1', '--private-key', 'env:X402_TEST_UNSET'],
      /X402_TEST_UNSET is not set/,
    ],
    [['serve', 'facilitator', '--private-key-file', '/nonexistent/key'], /cannot read the file \(ENOENT\)/],
    [['pay'], /expected one URL/],
    [['pay', 'http://127.0.0.1:1/x'], /X402_PRIVATE_KEY/],
  ])('%j is a usage error', async (args, message) => {
    const c = cli(args, { X402_PRIVATE_KEY: '' })
    expect(await c.exit).toBe(2)
    expect(c.stderr()).toMatch(message)
  })
})

describe('serve --rpc', () => {
  let chain: Chain
  const dir = mkdtempSync(join(tmpdir(), 'x402-serve-'))
  beforeAll(async () => {
    chain = await startChain()
  })
  afterAll(async () => {
    await chain?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  test('the facilitator key from a file (never on the command line)', async () => {
    const file = join(dir, 'key')
    writeFileSync(file, `${chain.facilitator.privateKey}\n`)
    const f = cli(['serve', 'facilitator', '--rpc', chain.rpcUrl, '--private-key-file', file], {
      X402_FACILITATOR_PRIVATE_KEY: '',
    })
    const env = await firstLine(f)
    expect(env).toMatchObject({ rpcUrl: chain.rpcUrl, facilitator: { address: chain.facilitator.address } })
    expect(f.stdout() + f.stderr()).not.toContain(chain.facilitator.privateKey.slice(2))
    f.child.kill('SIGTERM')
    expect(await f.exit).toBe(0)
  })

  test('a usage error found after the facilitator started stops it and exits 2 (no --pay-to)', async () => {
    const env = { X402_FACILITATOR_PRIVATE_KEY: chain.facilitator.privateKey }
    const s = cli(['serve', 'server', '--rpc', chain.rpcUrl], env)
    const code = await Promise.race([s.exit, new Promise((r) => setTimeout(() => r('still running'), 30_000))])
    if (code === 'still running') s.child.kill('SIGKILL')
    expect(code).toBe(2)
    expect(s.stderr()).toContain('--pay-to is required with --rpc')
  })
})

test('demo: one paid request with every wire message decoded', async () => {
  const d = cli(['demo'])
  expect(await d.exit).toBe(0)
  const out = d.stdout()
  for (const expected of [
    'PAYMENT-REQUIRED',
    'PAYMENT-SIGNATURE',
    '/verify',
    '/settle',
    'PAYMENT-RESPONSE',
    '"isValid": true',
    '"success": true',
  ])
    expect(out).toContain(expected)
  expect(out).toMatch(/payTo balance 0 → 10000/)
})
