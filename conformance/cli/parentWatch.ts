import { readFileSync } from 'node:fs'

type ProcStat = { comm: string; ppid: number }

function procStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const close = stat.lastIndexOf(')')
    const comm = stat.slice(stat.indexOf('(') + 1, close)
    const ppid = Number(stat.slice(close + 2).split(' ')[1])
    return Number.isInteger(ppid) ? { comm, ppid } : undefined
  } catch {
    return undefined
  }
}

/** True when `pid` is a `sh -c …` that only runs us (npx runs a bin so): its parent is the real one. */
function isShellWrapper(pid: number, stat: ProcStat): boolean {
  if (!['sh', 'dash', 'bash', 'zsh'].includes(stat.comm)) return false
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[1] === '-c'
  } catch {
    return false
  }
}

/**
 * Calls `onGone` once when the process that started this one goes away: our parent process changes
 * (we were re-parented), or, when the parent is a `sh -c` wrapper (as under `npx`, which does not pass
 * signals on), the wrapper's parent changes. Returns a function that stops watching; the timer never
 * keeps the process alive.
 *
 * @example
 * const unwatch = watchParent(() => void stop())
 */
export function watchParent(onGone: () => void, intervalMs = 1_000): () => void {
  const parent = process.ppid
  const stat = procStat(parent)
  const grandparent = stat && isShellWrapper(parent, stat) ? stat.ppid : undefined
  const timer = setInterval(() => {
    const wrapperLeft = grandparent !== undefined && procStat(parent)?.ppid !== grandparent
    if (process.ppid === parent && !wrapperLeft) return
    clearInterval(timer)
    onGone()
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
