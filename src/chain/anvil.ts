import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer, connect } from 'node:net'
import { existsSync } from 'node:fs'
import { delimiter, dirname, join } from 'node:path'
import { ChainStartError } from './errors.js'

/** A running anvil process. */
export type AnvilProcess = {
  readonly rpcUrl: string
  readonly port: number
  readonly pid: number
  /** Stops anvil; resolves when the process exited and its port is closed. Idempotent. */
  stop(): Promise<void>
}

export type SpawnAnvilParameters = { chainId: number; port?: number | undefined; timeoutMs?: number | undefined }

const platformPackages: Record<string, string> = {
  'linux-x64': 'linux-amd64',
  'linux-arm64': 'linux-arm64',
  'darwin-x64': 'darwin-amd64',
  'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'win32-amd64',
}

/**
 * Path of the anvil binary: `ANVIL_BIN` if set, else the `@foundry-rs/anvil-<platform>` package of this
 * machine, else `anvil` on `PATH` (a Foundry install).
 */
export function anvilBinary(env: NodeJS.ProcessEnv = process.env): string {
  const exe = process.platform === 'win32' ? 'anvil.exe' : 'anvil'
  const fromEnv = env['ANVIL_BIN']
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new ChainStartError({ shortMessage: 'ANVIL_BIN names no file', details: fromEnv })
    return fromEnv
  }
  const target = platformPackages[`${process.platform}-${process.arch}`]
  if (target) {
    try {
      const require = createRequire(import.meta.url)
      const binary = join(dirname(require.resolve(`@foundry-rs/anvil-${target}/package.json`)), 'bin', exe)
      if (existsSync(binary)) return binary
    } catch {
      // not installed: try PATH
    }
  }
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, exe))) return join(dir, exe)
  }
  throw new ChainStartError({
    shortMessage: `no anvil binary for ${process.platform}-${process.arch}`,
    metaMessages: [
      target
        ? `Install @foundry-rs/anvil-${target} (npm), or Foundry (anvil on PATH), or set ANVIL_BIN.`
        : 'Install Foundry (anvil on PATH) or set ANVIL_BIN.',
    ],
  })
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Resolves true when something accepts TCP connections on 127.0.0.1:port. */
export function isPortOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => {
      socket.destroy()
      resolve(false)
    })
  })
}

const live = new Set<ChildProcess>()
let hooked = false

function killAllNow(): void {
  for (const child of live) child.kill('SIGKILL')
  live.clear()
}

function onSignal(signal: NodeJS.Signals): void {
  killAllNow()
  unhook()
  // Nobody else handles the signal: keep its default meaning (terminate).
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}

function hook(): void {
  if (hooked) return
  hooked = true
  process.on('exit', killAllNow)
  // First in line, so the listener count tells whether anyone else will handle the signal.
  process.prependListener('SIGINT', onSignal)
  process.prependListener('SIGTERM', onSignal)
}

function unhook(): void {
  if (!hooked) return
  hooked = false
  process.off('exit', killAllNow)
  process.off('SIGINT', onSignal)
  process.off('SIGTERM', onSignal)
}

// On POSIX anvil runs under `sh`, which keeps the read end of our stdin pipe in a watcher and then `exec`s
// anvil (same pid). When the pipe closes, because stop() closed it or because this process died in any way
// (even SIGKILL), the watcher sends anvil SIGTERM: no orphan.
const watchdog = 'exec 3<&0; ( while read -r _; do :; done <&3; kill -TERM $$ 2>/dev/null ) & exec "$0" "$@" </dev/null 3<&-'

async function answersChainId(rpcUrl: string, chainId: number): Promise<boolean> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}',
    })
    return response.ok && ((await response.json()) as { result?: unknown }).result === `0x${chainId.toString(16)}`
  } catch {
    return false
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function spawnOnce(binary: string, chainId: number, port: number, timeoutMs: number): Promise<AnvilProcess> {
  const args = ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(chainId)]
  const child =
    process.platform === 'win32'
      ? spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true })
      : spawn('/bin/sh', ['-c', watchdog, binary, ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
  live.add(child)
  hook()
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000)
  })
  // Ready means: this anvil (not whatever else may hold the port) says it listens. Later output (one line
  // per RPC call) is read and dropped so the pipe never fills.
  let stdout = ''
  let listening = false
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    if (listening) return
    stdout = (stdout + chunk).slice(-4000)
    if (stdout.includes(`Listening on 127.0.0.1:${port}`)) listening = true
  })
  let exited = false
  const exit = new Promise<void>((resolve) => {
    const done = () => {
      exited = true
      live.delete(child)
      if (live.size === 0) unhook()
      resolve()
    }
    if (child.exitCode !== null || child.signalCode !== null) done()
    else child.once('exit', done)
  })
  child.once('error', (error) => {
    stderr += `\n${error.message}`
  })
  const rpcUrl = `http://127.0.0.1:${port}`
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      child.stdin?.end()
      if (process.platform === 'win32') child.kill()
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
      await exit
      clearTimeout(timer)
      // The port was ours only if this anvil said it listens (otherwise someone else may hold it).
      for (let i = 0; listening && i < 200 && (await isPortOpen(port)); i++) await sleep(10)
    })()
    return stopping
  }
  const deadline = Date.now() + timeoutMs
  while (!exited && Date.now() < deadline) {
    if (listening && (await answersChainId(rpcUrl, chainId))) return { rpcUrl, port, pid: child.pid ?? -1, stop }
    await sleep(listening ? 5 : 2)
  }
  await stop()
  throw new ChainStartError({
    shortMessage: exited ? 'anvil exited during startup' : `anvil did not answer within ${timeoutMs} ms`,
    details: `${binary} ${args.join(' ')}`,
    metaMessages: stderr.trim() ? ['anvil stderr (tail):', ...stderr.trim().split('\n').slice(-10)] : [],
  })
}

/** Spawns anvil on 127.0.0.1 (a free port unless one is given) and waits until it answers eth_chainId. */
export async function spawnAnvil(parameters: SpawnAnvilParameters): Promise<AnvilProcess> {
  const { chainId, port, timeoutMs = 15_000 } = parameters
  const binary = anvilBinary()
  if (port !== undefined) return spawnOnce(binary, chainId, port, timeoutMs)
  let lastError: unknown
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await spawnOnce(binary, chainId, await freePort(), timeoutMs)
    } catch (error) {
      lastError = error
      // Only a lost race for the port is worth another try.
      if (!(error instanceof ChainStartError) || !/address already in use|os error 98|AddrInUse/i.test(error.message)) throw error
    }
  }
  throw lastError
}
