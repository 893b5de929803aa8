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

/** Our ancestors (parent first) with their parents, up to the init process: at most 32. */
function ancestors(): { pid: number; ppid: number }[] {
  const chain: { pid: number; ppid: number }[] = []
  for (let pid = process.ppid; pid > 1 && chain.length < 32; ) {
    const stat = procStat(pid)
    if (stat === undefined) break
    chain.push({ pid, ppid: stat.ppid })
    pid = stat.ppid
  }
  return chain
}

/**
 * Calls `onGone` once when a process that started this one goes away: our parent changes (we were
 * re-parented), or any ancestor's parent changes or the ancestor ends. Wrappers sit between a user's command
 * and ours (npx runs a bin through `npm exec` and `sh -c`, and does not pass signals on; `tsx` runs a second
 * node): when npx is killed, the shell below it lives on, but it is re-parented, which is seen here. Reads
 * /proc (Linux); elsewhere only our own parent is watched. The timer never keeps the process alive.
 *
 * @example
 * const unwatch = watchParent(() => void stop())
 */
export function watchParent(onGone: () => void, intervalMs = 1_000): () => void {
  const parent = process.ppid
  const watched = ancestors()
  const timer = setInterval(() => {
    const moved = watched.some(({ pid, ppid }) => procStat(pid)?.ppid !== ppid)
    if (process.ppid === parent && !moved) return
    clearInterval(timer)
    onGone()
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
