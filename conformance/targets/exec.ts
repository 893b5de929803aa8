import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { EnvironmentError } from '../context/failure.js'
import { watchLiveness } from './liveness.js'
import { spawnGroup } from './processGroup.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Why a target that answered is gone: it exited, or it stopped answering. */
export type TargetDeath = {
  /** One sentence: 'the command under test exited with code 1', '… stopped answering (no answer for 20 s)'. */
  readonly summary: string
  readonly exitCode: number | null
  readonly signal: string | null
  /** The last lines of its stderr. */
  readonly stderr: readonly string[]
}

/** A spawned implementation under test. */
export type ExecTarget = {
  facilitatorUrl: string | undefined
  serverUrls: string[]
  fill(url: string): string
  /** Resolves (never rejects) once the target died after it answered; its process group is then stopped. */
  readonly died: Promise<TargetDeath>
  /** Stops the target's whole process group. */
  stop(): Promise<void>
}

/** Options of {@link startExec}. */
export type ExecOptions = {
  log?: ((line: string) => void) | undefined
  /** No answer to a probe for this long is a hang (default 20 s). */
  hangMs?: number | undefined
  /** True while the harness holds one of the target's requests (see `watchLiveness`). */
  held?: (() => boolean) | undefined
}

const fill = (url: string, port: number) => url.replaceAll('{PORT}', String(port)).replaceAll('$PORT', String(port))

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) })
    await response.body?.cancel()
    return true
  } catch {
    return false
  }
}

const ended = (exit: { code: number | null; signal: string | null }) =>
  exit.code !== null ? `exited with code ${exit.code}` : `was killed by ${exit.signal ?? 'a signal'}`

/**
 * Spawns `command` (through the shell, in its own process group) with `env` and `PORT`, waits until it
 * answers HTTP on that port (at most 30 s), and says what it is: the given `--facilitator`/`--server` URLs
 * (`{PORT}` is replaced), else a facilitator if `GET /supported` lists kinds, else a server at `/`. From then
 * on it is watched: `died` resolves when it exits or stops answering.
 */
export async function startExec(
  command: string,
  env: Record<string, string>,
  urls: { facilitator: string | undefined; servers: readonly string[] },
  options: ExecOptions = {},
): Promise<ExecTarget> {
  const { log = () => undefined, hangMs = 20_000 } = options
  const port = await freePort()
  const group = spawnGroup(command, { ...process.env, ...env, PORT: String(port) })
  const base = `http://127.0.0.1:${port}/`
  const deadline = performance.now() + 30_000
  for (;;) {
    const exit = group.exit()
    if (exit !== undefined) {
      await group.stop()
      const shortMessage = `the command under test ${ended(exit)} before answering on port ${port}`
      throw new EnvironmentError({ shortMessage, metaMessages: group.outputTail() })
    }
    if (await answers(base)) break
    if (performance.now() > deadline) {
      await group.stop()
      throw new EnvironmentError({
        shortMessage: `the command under test did not answer on port ${port} within 30 s`,
        metaMessages: group.outputTail(),
      })
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
  let stopping = false
  const died = new Promise<TargetDeath>((resolve) => {
    const stopWatching = watchLiveness(base, {
      hangMs,
      held: options.held,
      onHang: (silent) => {
        if (stopping || group.exit() !== undefined) return
        const summary = `the command under test stopped answering (no answer on port ${port} for ${Math.round(silent / 1000)} s)`
        resolve({ summary, exitCode: null, signal: null, stderr: group.stderrTail() })
      },
    })
    void group.exited.then((exit) => {
      stopWatching()
      if (stopping) return
      resolve({
        summary: `the command under test ${ended(exit)}`,
        exitCode: exit.code,
        signal: exit.signal,
        stderr: group.stderrTail(),
      })
    })
  })
  // A dead target's whole group goes at once: what it left running, and a hung target itself.
  void died.then(() => group.stop())
  const stop = async () => {
    stopping = true
    await group.stop()
  }
  return { facilitatorUrl, serverUrls, fill: (url) => fill(url, port), died, stop }
}
