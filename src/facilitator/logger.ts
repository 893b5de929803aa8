/** A structured log sink: one JSON object per event. Never handed secrets. */
export type Logger = (event: string, fields?: Record<string, unknown>) => void

/** A logger that drops everything (the default in tests). */
export const silentLogger: Logger = () => {}

/**
 * A logger writing one JSON line per event (`{ time, role, event, ...fields }`) to `write`
 * (stderr by default). Fields whose name suggests a secret are dropped.
 */
export function createJsonLogger(role: string, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  return (event, fields = {}) => {
    const safe: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(fields)) {
      if (/key|secret|mnemonic|password/i.test(k)) continue
      safe[k] = typeof v === 'bigint' ? v.toString() : v
    }
    write(JSON.stringify({ time: new Date().toISOString(), role, event, ...safe }))
  }
}
