import { spawn } from 'node:child_process'

/** One run of the client under test: what it did besides talking to the endpoint. Recorded, never trusted. */
export type Invocation = {
  readonly command: string
  readonly exitCode: number | null
  readonly signal: string | null
  /** True when it did not end within the time limit (then its process group was killed). */
  readonly timedOut: boolean
  readonly durationMs: number
  readonly stdout: string
  readonly stderr: string
}

/** Options of {@link invokeClient}. */
export type InvokeOptions = {
  /** The command with `{URL}` in it. */
  readonly command: string
  readonly url: string
  readonly env: Record<string, string>
  readonly timeoutMs: number
  readonly signal?: AbortSignal
}

/** Output kept per stream. */
const outputCap = 256 * 1024

/**
 * Spawns the client command once (in its own process group, through the shell) with `{URL}` replaced and the
 * X402_* environment; waits until it exits or the time limit passes, then kills its whole process group.
 */
export function invokeClient(options: InvokeOptions): Promise<Invocation> {
  const command = options.command.replaceAll('{URL}', options.url)
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('X402_')) env[k] = v
  const started = performance.now()
  const child = spawn(command, {
    shell: true,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, ...options.env },
  })
  const out = { stdout: '', stderr: '' }
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].setEncoding('utf8')
    child[stream].on('data', (chunk: string) => {
      if (out[stream].length < outputCap) out[stream] += chunk.slice(0, outputCap - out[stream].length)
    })
  }
  const killGroup = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
    } catch {}
  }
  return new Promise((resolve) => {
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      killGroup()
    }, options.timeoutMs)
    const abort = () => {
      timedOut = true
      killGroup()
    }
    options.signal?.addEventListener('abort', abort, { once: true })
    const finish = (exitCode: number | null, signal: string | null) => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', abort)
      // Whatever the client left behind (a child of the shell) goes with it.
      killGroup()
      resolve({ command, exitCode, signal, timedOut, durationMs: Math.round(performance.now() - started), ...out })
    }
    child.once('error', () => finish(null, null))
    child.once('close', (code, signal) => finish(code, signal))
  })
}
