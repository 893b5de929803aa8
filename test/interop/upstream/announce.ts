// The start-up contract of the interop scripts run by `--exec`: one JSON line naming the role and URL on
// stdout, a clean stop on SIGTERM/SIGINT, and exit 3 (an environment error to the harness) when start-up fails.

/** Prints `{ role, url }` for the harness, then closes `started` and exits 0 on SIGTERM or SIGINT. */
export function announceUntilSignal(role: string, started: { url: string; close(): Promise<void> }): void {
  process.stdout.write(`${JSON.stringify({ role, url: started.url })}\n`)
  const stop = () => void started.close().finally(() => process.exit(0))
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}

/** Exits 3 with the message of a failed start-up. */
export function exitOnStartFailure(error: unknown): never {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(3)
}
