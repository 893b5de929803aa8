import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { EnvironmentError } from '../context/failure.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** A spawned implementation under test. */
export type ExecTarget = { facilitatorUrl: string | undefined; serverUrls: string[]; fill(url: string): string; stop(): Promise<void> }

const fill = (url: string, port: number) => url.replaceAll('{PORT}', String(port)).replaceAll('$PORT', String(port))

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1_000) })
    return true
  } catch {
    return false
  }
}

/**
 * Spawns `command` (through the shell) with `env` and `PORT`, waits until it answers HTTP on that port
 * (at most 30 s), and says what it is: the given `--facilitator`/`--server` URLs (`{PORT}` is replaced),
 * else a facilitator if `GET /supported` lists kinds, else a server at `/`.
 */
export async function startExec(
  command: string,
  env: Record<string, string>,
  urls: { facilitator: string | undefined; servers: readonly string[] },
  log: (line: string) => void = () => undefined,
): Promise<ExecTarget> {
  const port = await freePort()
  const child = spawn(command, { shell: true, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, PORT: String(port) } })
  let exited: string | undefined
  child.on('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`
  })
  const tail: string[] = []
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) tail.push(line)
    tail.splice(0, Math.max(0, tail.length - 20))
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const stop = async () => {
    if (exited !== undefined || child.pid === undefined) return
    try {
      process.kill(-child.pid, 'SIGTERM')
    } catch {
      return
    }
    for (let i = 0; i < 30 && exited === undefined; i++) await sleep(100)
    if (exited === undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
  }
  const base = `http://127.0.0.1:${port}/`
  for (let i = 0; ; i++) {
    if (exited !== undefined) throw new EnvironmentError({ shortMessage: `the command under test ${exited} before answering on port ${port}`, metaMessages: tail })
    if (await answers(base)) break
    if (i >= 150) {
      await stop()
      throw new EnvironmentError({ shortMessage: `the command under test did not answer on port ${port} within 30 s`, metaMessages: tail })
    }
    await sleep(200)
  }
  log(`exec: '${command}' answers on port ${port}`)
  let facilitatorUrl = urls.facilitator === undefined ? undefined : fill(urls.facilitator, port)
  let serverUrls = urls.servers.map((u) => fill(u, port))
  if (facilitatorUrl === undefined && serverUrls.length === 0) {
    const supported = await fetch(`${base}supported`, { signal: AbortSignal.timeout(5_000) })
      .then(async (r) => (r.ok ? ((await r.json()) as { kinds?: unknown }) : undefined))
      .catch(() => undefined)
    if (supported && Array.isArray(supported.kinds)) facilitatorUrl = base
    else serverUrls = [base]
  }
  return { facilitatorUrl, serverUrls, fill: (url) => fill(url, port), stop }
}
