import { detectEnvelope, type DetectedEnvelope, type EnvelopeKind } from '../../../src/codecs/detectEnvelope.js'
import { headers } from '../../../src/codecs/headers.js'
import { parseCommand, processOut, type Out } from '../args.js'
import { exitCodes } from '../main.js'

export const summary = 'decode and validate any x402 header value or JSON envelope (argument or stdin)'

const usage = `usage: x402-conformance decode [value | -] [--json]

  value   a header value (base64), optionally as "Header-Name: value", or JSON text
          (a v1 402 body, a facilitator request or response); read from stdin when absent or "-"
  --json  print { kind, version, encoding, header, valid, issues, value } as JSON

Prints the envelope kind, version and pretty JSON; exits 1 listing every problem with its JSON
pointer when the value is not a valid x402 envelope.
`

/** Where a command writes, and what it reads as stdin (tests pass their own). */
export type Io = Out & { stdin: () => Promise<string> }

const maxStdinBytes = 1024 * 1024

/** Reads all of stdin (up to 1 MiB); empty when stdin is a terminal. */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return ''
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of process.stdin) {
    const b = chunk as Buffer
    size += b.length
    if (size > maxStdinBytes) throw new Error(`stdin is larger than ${maxStdinBytes} bytes`)
    chunks.push(b)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export const processIo: Io = { ...processOut, stdin: readStdin }

/** The kind and version each x402 header carries. */
const headerKinds: Record<string, { kind: EnvelopeKind; version: 1 | 2; name: string }> = {
  [headers.v1.payment.toLowerCase()]: { kind: 'payment-payload', version: 1, name: headers.v1.payment },
  [headers.v1.paymentResponse.toLowerCase()]: { kind: 'settle-response', version: 1, name: headers.v1.paymentResponse },
  [headers.v2.paymentRequired.toLowerCase()]: { kind: 'payment-required', version: 2, name: headers.v2.paymentRequired },
  [headers.v2.paymentSignature.toLowerCase()]: { kind: 'payment-payload', version: 2, name: headers.v2.paymentSignature },
  [headers.v2.paymentResponse.toLowerCase()]: { kind: 'settle-response', version: 2, name: headers.v2.paymentResponse },
}

/** Where an envelope of this kind and version travels. */
function carrier(d: DetectedEnvelope): string {
  if (d.kind === 'payment-payload') return d.version === 1 ? headers.v1.payment : headers.v2.paymentSignature
  if (d.kind === 'settle-response')
    return `${d.version === 1 ? headers.v1.paymentResponse : headers.v2.paymentResponse} or a /settle response`
  if (d.kind === 'payment-required') return d.version === 1 ? 'the JSON body of a 402' : headers.v2.paymentRequired
  if (d.kind === 'verify-request') return 'the body of POST /verify or /settle'
  if (d.kind === 'verify-response') return 'a /verify response'
  if (d.kind === 'supported-response') return 'a /supported response'
  return 'inside a challenge or payment'
}

/** Decodes one input and reports it; returns the exit code. */
export function decodeInput(input: string, json: boolean, io: Io): number {
  let value = input.trim()
  let expected: (typeof headerKinds)[string] | undefined
  const named = /^([A-Za-z][A-Za-z0-9-]*):[ \t]*(\S[\s\S]*)$/.exec(value)
  if (named && !value.startsWith('{')) {
    expected = headerKinds[named[1]!.toLowerCase()]
    if (!expected) {
      io.stderr(
        `x402-conformance decode: '${named[1]}' is not an x402 header (${Object.values(headerKinds)
          .map((h) => h.name)
          .join(', ')})\n`,
      )
      return exitCodes.usage
    }
    value = named[2]!.trim()
  }
  const d = detectEnvelope(value)
  const issues = [...d.issues]
  if (expected && d.kind !== undefined && (d.kind !== expected.kind || d.version !== expected.version)) {
    issues.unshift({
      pointer: '',
      message: `${expected.name} carries a v${expected.version} ${expected.kind}, this is a v${d.version} ${d.kind}`,
    })
  }
  if (expected && d.encoding !== 'base64')
    issues.unshift({ pointer: '', message: `${expected.name} carries base64, not JSON text` })
  const valid = issues.length === 0
  if (json) {
    io.stdout(
      `${JSON.stringify({ kind: d.kind ?? null, version: d.version ?? null, encoding: d.encoding, header: expected?.name ?? null, schema: d.schemaId ?? null, valid, issues, value: d.value ?? null }, null, 2)}\n`,
    )
    return valid ? exitCodes.pass : exitCodes.failures
  }
  const what =
    d.kind === undefined
      ? 'not an x402 envelope'
      : `${d.kind} v${d.version} (${d.encoding === 'base64' ? 'base64' : 'JSON'}; travels in ${carrier(d)})`
  io.stderr(`${valid ? '✓' : '✗'} ${what}\n`)
  if (d.schemaId) io.stderr(`  schema: ${d.schemaId}\n`)
  if (d.value !== undefined) io.stdout(`${JSON.stringify(d.value, null, 2)}\n`)
  if (!valid) {
    io.stderr(
      `${issues.length} problem${issues.length === 1 ? '' : 's'}${d.code && d.code !== 'schema' ? ` (${d.code})` : ''}:\n`,
    )
    for (const i of issues) io.stderr(`  ${i.pointer === '' ? '(root)' : i.pointer}: ${i.message}\n`)
  }
  return valid ? exitCodes.pass : exitCodes.failures
}

const options = { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } as const

/** `x402-conformance decode [value|-] [--json]`. */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  const parsed = parseCommand('decode', usage, argv, options, { min: 0, max: 1 }, io)
  if (typeof parsed === 'number') return parsed
  const arg = parsed.positionals[0]
  let input: string
  try {
    input = arg === undefined || arg === '-' ? await io.stdin() : arg
  } catch (error) {
    return (io.stderr(`x402-conformance decode: ${(error as Error).message}\n`), exitCodes.usage)
  }
  if (input.trim() === '') return (io.stderr(`x402-conformance decode: no input\n${usage}`), exitCodes.usage)
  return decodeInput(input, parsed.values.json, io)
}
