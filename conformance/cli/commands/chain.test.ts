import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { isPortOpen } from '../../../src/chain/anvil.js'

const main = fileURLToPath(new URL('../main.ts', import.meta.url))

function cli(args: string[]) {
  const code = `const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(${JSON.stringify(['chain', ...args])})`
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  return { child, stderr: () => stderr }
}

test('prints the environment as one JSON line and export lines, and stops anvil on SIGINT', async () => {
  const { child, stderr } = cli(['--chain-id', '8453'])
  const [line] = (await once(child.stdout!.setEncoding('utf8'), 'data')) as [string]
  const env = JSON.parse(line.split('\n')[0]!) as Record<string, unknown>
  expect(Object.keys(env)).toEqual([
    'rpcUrl',
    'chainId',
    'network',
    'networkV1',
    'asset',
    'payTo',
    'payers',
    'facilitator',
    'permit2',
  ])
  expect(env).toMatchObject({
    chainId: 8453,
    network: 'eip155:8453',
    networkV1: 'base',
    asset: { address: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913', name: 'USD Coin', version: '2', decimals: 6 },
  })
  const port = Number(new URL(env['rpcUrl'] as string).port)
  for (let i = 0; i < 100 && !stderr().includes('X402_FACILITATOR_PRIVATE_KEY'); i++) await new Promise((r) => setTimeout(r, 20))
  expect(stderr()).toContain("export X402_ASSET_NAME='USD Coin'")
  expect(stderr()).toContain(`export X402_RPC_URL='${env['rpcUrl'] as string}'`)
  expect(stderr()).toMatch(/public test keys/)
  expect(await isPortOpen(port)).toBe(true)
  const exited = once(child, 'exit')
  child.kill('SIGINT')
  expect(((await exited) as [number | null])[0]).toBe(0)
  expect(await isPortOpen(port)).toBe(false)
})

test('a bad --chain-id is a usage error (exit 2)', async () => {
  const { child, stderr } = cli(['--chain-id', 'abc'])
  const [code] = (await once(child, 'exit')) as [number | null]
  expect(code).toBe(2)
  expect(stderr()).toContain('--chain-id must be a positive integer')
})
