import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { isLoopback } from '../context/http.js'

/** Socket inodes listening on `port` (IPv4 and IPv6), from /proc/net. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>()
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = ''
    try {
      text = readFileSync(table, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/)
      const local = cols[1]?.split(':')[1]
      if (local !== undefined && Number.parseInt(local, 16) === port && cols[3] === '0A' && cols[9]) inodes.add(cols[9])
    }
  }
  return inodes
}

/**
 * The process listening on `port` on this machine (Linux /proc), or undefined where that cannot be read
 * (another OS, another host, a process of another user).
 */
export function listenerPid(port: number): number | undefined {
  const inodes = listeningInodes(port)
  if (inodes.size === 0) return undefined
  for (const pid of readdirSync('/proc').filter((d) => /^[0-9]+$/.test(d))) {
    let fds: string[]
    try {
      fds = readdirSync(`/proc/${pid}/fd`)
    } catch {
      continue
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[([0-9]+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))
        if (m?.[1] !== undefined && inodes.has(m[1])) return Number(pid)
      } catch {
        // the descriptor closed meanwhile
      }
    }
  }
  return undefined
}

/** Resident memory of `pid` in bytes (VmRSS), or undefined once it is gone. */
export function rssOf(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+([0-9]+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m?.[1] === undefined ? undefined : Number(m[1]) * 1024
  } catch {
    return undefined
  }
}

/** The port of an http(s) URL (its default when none is written). */
export const portOf = (url: string): number => {
  const u = new URL(url)
  return u.port === '' ? (u.protocol === 'https:' ? 443 : 80) : Number(u.port)
}

/**
 * The process serving `url` when it runs on this machine: only a loopback URL (what `--exec` and the
 * embedded target use) is looked up; for another host a local listener on the same port is not the target.
 */
export const targetPid = (url: string): number | undefined => (isLoopback(url) ? listenerPid(portOf(url)) : undefined)
