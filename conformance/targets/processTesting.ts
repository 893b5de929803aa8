// Test-only helpers shared by the tests that start and watch processes.

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** True while a process with this pid exists (signal 0 checks without sending anything). */
export const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
