import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { anvilBinary, isPortOpen, spawnAnvil } from './anvil.js'
import { startChain } from './startChain.js'

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Polls (bounded) until `condition` holds; returns whether it did. */
async function eventually(condition: () => boolean | Promise<boolean>, attempts = 300): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await condition()) return true
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return false
}

/** Spawns anvil from a separate node process; resolves with that process and anvil's pid and port. */
async function chainInChild() {
  const entry = fileURLToPath(new URL('./anvil.ts', import.meta.url))
  const code =
    `const { spawnAnvil } = await import(${JSON.stringify(entry)}); const a = await spawnAnvil({ chainId: 84532 }); ` +
    `console.log(JSON.stringify({ pid: a.pid, port: a.port })); setInterval(() => {}, 1000)`
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [line] = (await once(child.stdout!.setEncoding('utf8'), 'data')) as [string]
  return { child, ...(JSON.parse(line) as { pid: number; port: number }) }
}

describe('stop()', () => {
  test('leaves no process and no open port', async () => {
    const chain = await startChain()
    const port = Number(new URL(chain.rpcUrl).port)
    expect(alive(chain.pid)).toBe(true)
    expect(await isPortOpen(port)).toBe(true)
    await chain.stop()
    expect(alive(chain.pid)).toBe(false)
    expect(await isPortOpen(port)).toBe(false)
    await chain.stop()
  })

  test('args: port', async () => {
    const probe = await startChain()
    const port = Number(new URL(probe.rpcUrl).port)
    await probe.stop()
    const chain = await startChain({ port })
    expect(chain.rpcUrl).toBe(`http://127.0.0.1:${port}`)
    await chain.stop()
  })
})

describe('no orphan anvil', () => {
  test.concurrent('when the parent is killed with SIGKILL', async () => {
    const { child, pid, port } = await chainInChild()
    expect(alive(pid)).toBe(true)
    child.kill('SIGKILL')
    expect(await eventually(() => !alive(pid))).toBe(true)
    expect(await eventually(async () => !(await isPortOpen(port)))).toBe(true)
  })

  test.concurrent.each(['SIGTERM', 'SIGINT'] as const)('when the parent gets %s', async (signal) => {
    const { child, pid } = await chainInChild()
    const exited = once(child, 'exit')
    child.kill(signal)
    const [, exitSignal] = (await exited) as [number | null, string | null]
    expect(exitSignal).toBe(signal)
    expect(await eventually(() => !alive(pid))).toBe(true)
  })
})

describe('errors', () => {
  test('a port in use', async () => {
    const chain = await startChain()
    const port = Number(new URL(chain.rpcUrl).port)
    await expect(spawnAnvil({ chainId: 1, port, timeoutMs: 5_000 })).rejects.toThrow(/anvil exited during startup/)
    await chain.stop()
  })
})

describe('anvilBinary', () => {
  test('default: the platform package', () => {
    expect(anvilBinary({})).toMatch(/@foundry-rs[\\/]anvil-[a-z0-9]+-[a-z0-9]+[\\/]bin[\\/]anvil(\.exe)?$/)
  })

  test('args: ANVIL_BIN wins', () => {
    expect(anvilBinary({ ANVIL_BIN: process.execPath })).toBe(process.execPath)
  })

  test('errors: ANVIL_BIN naming no file', () => {
    expect(() => anvilBinary({ ANVIL_BIN: join(tmpdir(), 'no-such-anvil') })).toThrow(/ANVIL_BIN names no file/)
  })
})
