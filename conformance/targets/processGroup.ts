import { spawn } from 'node:child_process'
import type { Writable } from 'node:stream'

/** How a spawned command ended: its exit code, or the signal that ended it. */
export type GroupExit = { code: number | null; signal: NodeJS.Signals | null }

/** A command running in its own process group, which ends with it and with the harness. */
export type ProcessGroup = {
  readonly pid: number
  /** Resolves when the command (the group leader) exited. */
  readonly exited: Promise<GroupExit>
  /** How it ended, once it has. */
  exit(): GroupExit | undefined
  /** The last lines it wrote to stderr (at most 20). */
  stderrTail(): string[]
  /** The last lines it wrote to stdout or stderr (at most 20). */
  outputTail(): string[]
  /** Stops the whole group (SIGTERM; SIGKILL once the command exited, or after 3 s). Idempotent. */
  stop(): Promise<void>
}

// The group leader is a shell that keeps fd 3 (a pipe from this process) in a watcher and then runs the
// command in its place (same pid, so the group is the command's). The watcher ignores SIGTERM and reads fd 3
// until it closes: because stop() closed it, or because this process died in any way (even SIGKILL), which
// closes every descriptor it held. It then stops the whole group, itself last.
const watchdog = [
  "( trap '' TERM INT HUP; while read -r _; do :; done <&3; kill -TERM -$$ 2>/dev/null; sleep 3; kill -KILL -$$ 2>/dev/null )",
  '</dev/null >/dev/null 2>&1 &',
  'exec 3<&-; exec /bin/sh -c "$0"',
].join(' ')

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

const signalGroup = (pgid: number, signal: NodeJS.Signals) => {
  try {
    process.kill(-pgid, signal)
  } catch {
    // nothing left in the group
  }
}

/**
 * Spawns `command` through `/bin/sh` in a new process group with `env`, its output piped (kept as tails).
 * The group is stopped as a whole: by {@link ProcessGroup.stop}, or by the watchdog when this process dies.
 */
export function spawnGroup(command: string, env: NodeJS.ProcessEnv): ProcessGroup {
  const posix = process.platform !== 'win32'
  const child = posix
    ? spawn('/bin/sh', ['-c', watchdog, command], { detached: true, stdio: ['ignore', 'pipe', 'pipe', 'pipe'], env })
    : spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'], env, windowsHide: true })
  const pid = child.pid ?? -1
  let ended: GroupExit | undefined
  const exited = new Promise<GroupExit>((resolve) => {
    child.once('exit', (code, signal) => {
      ended = { code, signal }
      resolve(ended)
    })
    child.once('error', () => {
      ended ??= { code: 127, signal: null }
      resolve(ended)
    })
  })
  const stderr: string[] = []
  const output: string[] = []
  const keep = (tail: string[], chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) tail.push(line.slice(0, 500))
    tail.splice(0, Math.max(0, tail.length - 20))
  }
  child.stdout?.on('data', (c: Buffer) => keep(output, c))
  child.stderr?.on('data', (c: Buffer) => {
    keep(stderr, c)
    keep(output, c)
  })
  const lifeline = child.stdio[3] as Writable | null | undefined
  lifeline?.on('error', () => undefined)
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      lifeline?.destroy()
      if (!posix) {
        if (ended === undefined) child.kill()
        await exited
        return
      }
      signalGroup(pid, 'SIGTERM')
      for (let i = 0; i < 30 && ended === undefined; i++) await sleep(100)
      // The leader is gone (or never would be): a moment for its children, then whatever is left.
      if (groupAlive(pid)) await sleep(200)
      signalGroup(pid, 'SIGKILL')
      for (let i = 0; i < 20 && ended === undefined; i++) await sleep(50)
      child.stdout?.destroy()
      child.stderr?.destroy()
    })()
    return stopping
  }
  return { pid, exited, exit: () => ended, stderrTail: () => [...stderr], outputTail: () => [...output], stop }
}
