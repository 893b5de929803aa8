import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, test } from 'vitest'
import { EnvironmentError } from '../context/failure.js'
import { startExec } from './exec.js'
import type { ExecTarget, TargetDeath } from './exec.js'
import { alive, sleep } from './processTesting.js'

async function eventually(condition: () => boolean, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 50) {
    if (condition()) return true
    await sleep(50)
  }
  return condition()
}

/** A node one-liner target: an HTTP server on PORT whose handler is `handler` (`start`: when it started). */
const target = (handler: string, extra = '') =>
  `"${process.execPath}" -e ${JSON.stringify(
    `const start = Date.now(); require('http').createServer(${handler}).listen(+process.env.PORT, '127.0.0.1'); ${extra}`,
  )}`
const answersFor = (ms: number) => `(q, s) => { if (Date.now() - start < ${ms}) s.end("ok") }`
const urls = { facilitator: undefined, servers: [] as string[] }
const timeout = (ms: number) => sleep(ms).then(() => 'still alive' as const)

const started: ExecTarget[] = []
afterEach(async () => {
  for (const t of started.splice(0)) await t.stop()
})
async function exec(command: string, options: Parameters<typeof startExec>[3] = {}) {
  const t = await startExec(command, {}, urls, options)
  started.push(t)
  return t
}

describe('startExec', () => {
  test('a target that exits mid-run: its code and the last lines of its stderr, at once', async () => {
    const t = await exec(
      target('(q, s) => s.end("ok")', `setTimeout(() => { console.error('boom: out of memory'); process.exit(5) }, 800)`),
    )
    const death = (await Promise.race([t.died, timeout(10_000)])) as TargetDeath
    expect(death).toMatchObject({ summary: 'the command under test exited with code 5', exitCode: 5, signal: null })
    expect(death.stderr).toContain('boom: out of memory')
  }, 30_000)

  test('a target that stops answering is hung once the silence lasts hangMs', async () => {
    const t = await exec(target(answersFor(2_000)), { hangMs: 2_000 })
    const death = (await Promise.race([t.died, timeout(15_000)])) as TargetDeath
    expect(death.summary).toMatch(/^the command under test stopped answering \(no answer on port \d+ for [2-9] s\)$/)
    expect(death.exitCode).toBeNull()
  }, 30_000)

  test('a slow target that still answers is not hung; nor is one that waits for the harness', async () => {
    const slow = await exec(target('(q, s) => setTimeout(() => s.end("ok"), 1_200)'), { hangMs: 2_000 })
    const waiting = await exec(target(answersFor(2_000)), { hangMs: 2_000, held: () => true })
    expect(await Promise.race([slow.died, waiting.died, timeout(6_000)])).toBe('still alive')
  }, 30_000)

  test('stop() ends the whole process group (a child the target started too)', async () => {
    // a duration of its own: other tests (run side by side) may have a `sleep 300` of theirs
    const sleeper = `sleep ${(300 + Math.random()).toFixed(6)}`
    const t = await exec(`${target('(q, s) => s.end("ok")')} & ${sleeper} & wait`)
    const pids = await new Promise<number[]>((resolve) => {
      const ps = spawn('ps', ['-eo', 'pid,args'], { stdio: ['ignore', 'pipe', 'ignore'] })
      let out = ''
      ps.stdout.on('data', (c: Buffer) => (out += c))
      ps.on('close', () =>
        resolve(
          out
            .split('\n')
            .filter((l) => l.trimEnd().endsWith(sleeper))
            .map((l) => Number(l.trim().split(' ')[0])),
        ),
      )
    })
    expect(pids.length).toBeGreaterThan(0)
    await t.stop()
    expect(await eventually(() => pids.every((p) => !alive(p)), 5_000)).toBe(true)
  }, 30_000)

  describe('errors', () => {
    test('a command that exits before answering', async () => {
      const error = await startExec(`echo nope >&2; exit 3`, {}, urls).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(EnvironmentError)
      expect((error as EnvironmentError).shortMessage).toMatch(
        /^the command under test exited with code 3 before answering on port \d+$/,
      )
      expect((error as EnvironmentError).metaMessages).toEqual(['nope'])
    })
  })
})

describe('no orphan target', () => {
  test('SIGKILL of the harness stops the --exec target (the watchdog)', async () => {
    const exec = fileURLToPath(new URL('./exec.ts', import.meta.url))
    const command = target('(q, s) => s.end("ok")', 'console.log("target pid " + process.pid)')
    const code =
      `const { startExec } = await import(${JSON.stringify(exec)}); ` +
      `await startExec(${JSON.stringify(command)}, {}, { facilitator: undefined, servers: [] }); ` +
      'console.log("ready"); setInterval(() => {}, 1000)'
    const harness = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    harness.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c))
    expect(await eventually(() => out.includes('ready'), 30_000)).toBe(true)
    const found = await new Promise<number[]>((resolve) => {
      const ps = spawn('pgrep', ['-f', 'target pid'], { stdio: ['ignore', 'pipe', 'ignore'] })
      let text = ''
      ps.stdout.on('data', (c: Buffer) => (text += c))
      ps.on('close', () => resolve(text.split('\n').filter(Boolean).map(Number)))
    })
    const targets = found.filter((p) => p !== harness.pid)
    expect(targets.length).toBeGreaterThan(0)
    const exited = once(harness, 'exit')
    harness.kill('SIGKILL')
    await exited
    expect(await eventually(() => targets.every((p) => !alive(p)), 8_000)).toBe(true)
  }, 60_000)
})
