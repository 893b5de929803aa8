import { readFile } from 'node:fs/promises'
import { parseJsonText } from '../../../src/codecs/base64Json.js'
import { EnvelopeEncodeError, HeaderDecodeError } from '../../../src/codecs/HeaderDecodeError.js'
import { headers } from '../../../src/codecs/headers.js'
import { encodePaymentPayloadHeader } from '../../../src/codecs/paymentPayload.js'
import { encodePaymentRequiredHeader, encodePaymentRequiredV1Body } from '../../../src/codecs/paymentRequired.js'
import { encodePaymentResponseHeader } from '../../../src/codecs/paymentResponse.js'
import type { Issue } from '../../../src/codecs/validateAgainstSchema.js'
import type { PaymentPayloadV1, PaymentRequiredV1, SettleResponseV1 } from '../../../src/types/v1.js'
import type { PaymentPayloadV2, PaymentRequiredV2, SettleResponseV2 } from '../../../src/types/v2.js'
import { parseCommand } from '../args.js'
import { exitCodes } from '../main.js'
import { processIo, type Io } from './decode.js'

export const summary = 'encode a JSON envelope as its x402 header value (or v1 402 body)'

type Encoder = { header: (value: unknown) => string; encode: (value: unknown) => string }
const versionOf = (v: unknown) => (typeof v === 'object' && v !== null ? (v as { x402Version?: unknown }).x402Version : undefined)

/** Kinds: header names (any case) and short names. */
const kinds: Record<string, Encoder> = {
  'x-payment': {
    header: () => headers.v1.payment,
    encode: (v) => (checkVersion(v, 1), encodePaymentPayloadHeader(v as PaymentPayloadV1)),
  },
  'payment-signature': {
    header: () => headers.v2.paymentSignature,
    encode: (v) => (checkVersion(v, 2), encodePaymentPayloadHeader(v as PaymentPayloadV2)),
  },
  payment: {
    header: (v) => (versionOf(v) === 1 ? headers.v1.payment : headers.v2.paymentSignature),
    encode: (v) => encodePaymentPayloadHeader(v as PaymentPayloadV1 | PaymentPayloadV2),
  },
  'payment-required': {
    header: () => headers.v2.paymentRequired,
    encode: (v) => encodePaymentRequiredHeader(v as PaymentRequiredV2),
  },
  'x-payment-response': {
    header: () => headers.v1.paymentResponse,
    encode: (v) => encodePaymentResponseHeader(v as SettleResponseV1, 1),
  },
  'payment-response': {
    header: () => headers.v2.paymentResponse,
    encode: (v) => encodePaymentResponseHeader(v as SettleResponseV2, 2),
  },
  'v1-body': { header: () => 'body', encode: (v) => encodePaymentRequiredV1Body(v as PaymentRequiredV1) },
}

function checkVersion(v: unknown, version: 1 | 2): void {
  if (versionOf(v) !== version)
    throw new EnvelopeEncodeError({
      what: version === 1 ? headers.v1.payment : headers.v2.paymentSignature,
      issues: [{ pointer: '/x402Version', message: `must be ${version} for this header` }],
    })
}

const usage = `usage: x402-conformance encode <kind> <json-file | -> [--header]

  kind      ${Object.keys(kinds).join(' | ')}
            (payment: X-PAYMENT or PAYMENT-SIGNATURE by x402Version; v1-body: the JSON body of a v1 402)
  --header  print "Header-Name: value" instead of the value alone

Validates the envelope, then prints the encoded value (UTF-8 JSON, standard base64 with padding).
Exits 1 listing every problem with its JSON pointer when the JSON is not a valid envelope.
`

const options = { header: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } as const

/** `x402-conformance encode <kind> <json-file|->`. */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  const parsed = parseCommand('encode', usage, argv, options, { min: 0, max: 2 }, io)
  if (typeof parsed === 'number') return parsed
  const [kindName, source] = parsed.positionals
  const encoder = kindName === undefined ? undefined : kinds[kindName.toLowerCase()]
  if (!encoder || source === undefined) {
    io.stderr(
      `x402-conformance encode: ${!encoder && kindName !== undefined ? `unknown kind '${kindName}'` : 'expected a kind and a file (or -)'}\n${usage}`,
    )
    return exitCodes.usage
  }
  let text: string
  try {
    text = source === '-' ? await io.stdin() : await readFile(source, 'utf8')
  } catch (error) {
    return (io.stderr(`x402-conformance encode: cannot read ${source}: ${(error as Error).message}\n`), exitCodes.usage)
  }
  let issues: readonly Issue[]
  try {
    const value = parseJsonText(text, source === '-' ? 'stdin' : source)
    const encoded = encoder.encode(value)
    const name = encoder.header(value)
    io.stdout(parsed.values.header && name !== 'body' ? `${name}: ${encoded}\n` : `${encoded}\n`)
    return exitCodes.pass
  } catch (error) {
    if (!(error instanceof EnvelopeEncodeError || error instanceof HeaderDecodeError)) throw error
    issues = error.issues
    io.stderr(`✗ ${error.shortMessage}\n`)
  }
  for (const i of issues) io.stderr(`  ${i.pointer === '' ? '(root)' : i.pointer}: ${i.message}\n`)
  return exitCodes.failures
}
