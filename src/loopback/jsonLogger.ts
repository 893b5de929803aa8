/** A structured log sink: one JSON object per event. Never handed secrets. */
export type Logger = (event: string, fields?: Record<string, unknown>) => void

/** A logger that drops everything (the default in tests). */
export const silentLogger: Logger = () => {}

/** Field names that may hold a secret or a payment's signature: dropped at any depth. */
const secretName = /key|secret|mnemonic|password|signature/i
/** A 65-byte (or longer) hex value is a signature, whatever its field is called. */
const signatureValue = /0x[0-9a-fA-F]{130,}/g

/**
 * A logger writing one JSON line per event (`{ time, role, event, ...fields }`) to `write`
 * (stderr by default), for the reference roles. Fields whose name suggests a secret or a signature
 * are dropped at any depth, and signature-length hex in strings is replaced by `[signature]`.
 *
 * @example
 * const log = createJsonLogger('server')
 * log('request', { method: 'GET', path: '/paid', status: 402 })
 */
export function createJsonLogger(role: string, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  return (event, fields = {}) => {
    const line = JSON.stringify({ time: new Date().toISOString(), role, event, ...fields }, (name, value: unknown) => {
      if (name !== '' && secretName.test(name)) return undefined
      if (typeof value === 'bigint') return value.toString()
      if (typeof value === 'string') return value.replace(signatureValue, '[signature]')
      return value
    })
    write(line)
  }
}
