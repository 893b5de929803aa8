import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, test } from 'vitest'
import { isPortOpen } from '../../src/chain/anvil.js'
import { alive, sleep } from '../targets/processTesting.js'

const main = fileURLToPath(new URL('./main.ts', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'x402-parent-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function eventually(condition: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 100) {
    if (await condition()) return true
    await sleep(100)
  }
  return condition()
}

/**
 * Starts `x402-conformance <args>` the way npx does: a node process (the stand-in for npm) runs `sh -c`,
 * which runs the CLI (its stdout to a file, so the shell stays). Returns npm's process and the CLI's output file.
 */
function likeNpx(args: string[], name: string) {
  const out = join(dir, `${name}.out`)
  const cli = `"${process.execPath}" --import tsx "${main}" ${args.join(' ')} > "${out}" 2>/dev/null`
  const npm = spawn(
    process.execPath,
    [
      '-e',
      `require('child_process').spawn('sh', ['-c', ${JSON.stringify(cli)}], { stdio: 'inherit' }); setInterval(() => {}, 1000)`,
    ],
    {
      stdio: 'ignore',
    },
  )
  return { npm, out }
}

const read = (file: string) => {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}

/** The first line the CLI printed (one JSON object), bounded wait. */
async function firstLine(out: string): Promise<Record<string, unknown>> {
  await eventually(() => read(out).includes('\n'), 90_000)
  return JSON.parse(read(out).split('\n')[0]!) as Record<string, unknown>
}

describe('stop with the parent', () => {
  test('chain: killing npx (not its children) stops the CLI and its anvil', async () => {
    const { npm, out } = likeNpx(['chain'], 'chain')
    try {
      const line = await firstLine(out)
      const port = Number(new URL(line['rpcUrl'] as string).port)
      expect(await isPortOpen(port)).toBe(true)
      const exited = once(npm, 'exit')
      npm.kill('SIGKILL')
      await exited
      expect(await eventually(async () => !(await isPortOpen(port)), 15_000)).toBe(true)
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL')
    }
  }, 120_000)

  test('serve facilitator: the same', async () => {
    const { npm, out } = likeNpx(['serve', 'facilitator'], 'serve')
    try {
      const line = await firstLine(out)
      const url = line['url'] as string
      const rpcPort = Number(new URL(line['rpcUrl'] as string).port)
      const port = Number(new URL(url).port)
      npm.kill('SIGKILL')
      expect(await eventually(async () => !(await isPortOpen(port)) && !(await isPortOpen(rpcPort)), 15_000)).toBe(true)
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL')
    }
  }, 120_000)

  test('while the parent lives, the command keeps running', async () => {
    const { npm, out } = likeNpx(['chain'], 'alive')
    try {
      const line = await firstLine(out)
      const port = Number(new URL(line['rpcUrl'] as string).port)
      await sleep(3_000)
      expect(await isPortOpen(port)).toBe(true)
      expect(alive(npm.pid!)).toBe(true)
    } finally {
      npm.kill('SIGKILL')
    }
  }, 120_000)
})
