import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { getReceipt } from '../../../src/client/getReceipt.js'
import { PaymentRefusedError } from '../../../src/client/policy.js'
import type { PaymentPolicy } from '../../../src/client/policy.js'
import { wrapFetch } from '../../../src/client/wrapFetch.js'
import { X402Error } from '../../../src/errors/X402Error.js'
import { parseCommand } from '../args.js'
import { exitCodes } from '../main.js'

export const summary = 'pay for a URL with x402 and print the response and the receipt (like curl)'

const usage = `usage: X402_PRIVATE_KEY=0x… x402-conformance pay <url> [--max-amount ATOMIC] [--network ID]... [--asset ADDR]...
                          [--scheme NAME]... [-X METHOD] [-d DATA] [-H 'Name: value']... [--json]

Prints the response body on stdout and the status and decoded receipt on stderr (--json: one JSON
object with status, headers, body and receipt on stdout). Exit 0 for a 2xx answer, 1 otherwise,
2 usage, 3 when the URL is unreachable.
Policy from the environment (flags take precedence): X402_MAX_PER_REQUEST (most per request, atomic),
X402_BUDGET (most in total, atomic), X402_NETWORK and X402_ASSET (the only network and asset it pays with).
--scheme: the schemes it pays (default exact; --scheme exact --scheme upto also pays upto offers, whose
maximum counts against --max-amount and the budget).`

const options = {
  'max-amount': { type: 'string' },
  network: { type: 'string', multiple: true },
  asset: { type: 'string', multiple: true },
  scheme: { type: 'string', multiple: true },
  request: { type: 'string', short: 'X' },
  data: { type: 'string', short: 'd' },
  header: { type: 'string', short: 'H', multiple: true },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const

/** `x402-conformance pay <url> [options]`. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand('pay', usage, argv, options, { min: 0, max: Number.POSITIVE_INFINITY })
  if (typeof parsed === 'number') return parsed
  const { values, positionals } = parsed
  const fail = (message: string, code: number = exitCodes.usage) => {
    process.stderr.write(`x402-conformance pay: ${message}\n`)
    return code
  }
  if (positionals.length !== 1) return fail(`expected one URL\n${usage}`)
  const url = positionals[0]!
  if (!URL.canParse(url)) return fail(`not a URL: ${url}`)
  const key = process.env['X402_PRIVATE_KEY']
  if (key === undefined || !/^0x[0-9a-fA-F]{64}$/.test(key))
    return fail('set X402_PRIVATE_KEY to the payer key (0x and 64 hex digits)')
  const env = (name: string) => (process.env[name] === '' ? undefined : process.env[name])
  const atomic = /^(?:0|[1-9][0-9]*)$/
  const max = values['max-amount'] ?? env('X402_MAX_PER_REQUEST')
  const budget = values['max-amount'] ?? env('X402_BUDGET')
  if (max !== undefined && !atomic.test(max))
    return fail(`--max-amount / X402_MAX_PER_REQUEST must be an atomic integer amount, got ${max}`)
  if (budget !== undefined && !atomic.test(budget)) return fail(`X402_BUDGET must be an atomic integer amount, got ${budget}`)
  const networks = values.network ?? [env('X402_NETWORK'), env('X402_NETWORK_V1')].filter((n) => n !== undefined)
  const assets = values.asset ?? (env('X402_ASSET') !== undefined ? [env('X402_ASSET')!] : undefined)
  const unknown = (values.scheme ?? []).filter((s) => s !== 'exact' && s !== 'upto')
  if (unknown.length > 0) return fail(`--scheme takes exact or upto, got ${unknown.join(', ')}`)
  const headers = new Headers()
  for (const h of values.header ?? []) {
    const i = h.indexOf(':')
    if (i <= 0) return fail(`-H expects 'Name: value', got ${h}`)
    headers.append(h.slice(0, i).trim(), h.slice(i + 1).trim())
  }
  const policy: PaymentPolicy = {
    ...(max !== undefined ? { maxAmountPerRequest: max } : {}),
    ...(budget !== undefined ? { budget } : {}),
    ...(networks.length > 0 ? { networks } : {}),
    ...(assets ? { assets } : {}),
    ...(values.scheme ? { schemes: values.scheme } : {}),
  }
  const pay = wrapFetch(fetch, { account: privateKeyToAccount(key as Hex), policy })
  let response: Response
  try {
    const method = values.request ?? (values.data !== undefined ? 'POST' : 'GET')
    response = await pay(url, { method, headers, ...(values.data !== undefined ? { body: values.data } : {}) })
  } catch (error) {
    if (error instanceof PaymentRefusedError) return fail(error.message, exitCodes.failures)
    if (error instanceof X402Error) return fail(error.message, exitCodes.failures)
    return fail(`request failed: ${(error as Error).message}`, exitCodes.environment)
  }
  const body = await response.text()
  const receipt = getReceipt(response)
  if (values.json) {
    let parsedBody: unknown = body
    try {
      parsedBody = JSON.parse(body)
    } catch {}
    process.stdout.write(
      `${JSON.stringify(
        {
          status: response.status,
          headers: headersOf(response),
          body: parsedBody,
          receipt: receipt ?? null,
          spent: `${pay.spent()}`,
        },
        null,
        2,
      )}\n`,
    )
  } else {
    process.stdout.write(body.endsWith('\n') || body === '' ? body : `${body}\n`)
    process.stderr.write(`# ${response.status} ${response.statusText}\n`)
    process.stderr.write(`# receipt ${receipt ? JSON.stringify(receipt) : 'none'}\n`)
  }
  return response.ok ? exitCodes.pass : exitCodes.failures
}

function headersOf(response: Response): Record<string, string> {
  const out: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    out[name] = value
  })
  return out
}
