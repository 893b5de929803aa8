import { readFileSync } from 'node:fs'
// Test-only helpers shared by the tests that start and watch processes.

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * True while a process with this pid runs (signal 0 checks without sending anything). A zombie (ended, not yet
 * reaped by whoever inherited it) does not count: it holds no port and runs no code.
 */
export const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return true
  }
}

/** Waits up to `ms` for a process to end; true when it did. */
export async function ended(pid: number, ms = 5_000): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < ms; await sleep(50)) if (!alive(pid)) return true
  return !alive(pid)
}
