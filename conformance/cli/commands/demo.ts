import type { Address } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { balanceOf, startChain } from '../../../src/chain/index.js'
import { getReceipt } from '../../../src/client/getReceipt.js'
import { wrapFetch } from '../../../src/client/wrapFetch.js'
import { decodeBase64Json, headers as x402Headers } from '../../../src/codecs/index.js'
import { startFacilitator } from '../../../src/facilitator/createFacilitator.js'
import { startDemoServer } from '../../targets/demoServer.js'
import { parseCommand, usageFailure } from '../args.js'
import { exitCodes } from '../main.js'

export const summary = 'a local chain, facilitator, server and one paid request, every wire message decoded'

const usage = 'usage: x402-conformance demo [--version 1|2]'
const x402HeaderNames = [
  x402Headers.v2.paymentRequired,
  x402Headers.v2.paymentSignature,
  x402Headers.v2.paymentResponse,
  x402Headers.v1.payment,
  x402Headers.v1.paymentResponse,
]
const options = { version: { type: 'string', default: '2' }, help: { type: 'boolean', short: 'h', default: false } } as const

/** `x402-conformance demo [--version 1|2]`. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand('demo', usage, argv, options)
  if (typeof parsed === 'number') return parsed
  const { values } = parsed
  if (values.version !== '1' && values.version !== '2') return usageFailure('demo', '--version must be 1 or 2')
  const version = Number(values.version) as 1 | 2
  const out = (line = '') => process.stdout.write(`${line}\n`)
  const stops: (() => Promise<void>)[] = []
  try {
    out('Starting a local chain (anvil) with a FiatToken-compatible USDC …')
    const chain = await startChain({ quiet: true })
    stops.push(() => chain.stop())
    out(`  chain ${chain.network} at ${chain.rpcUrl}; USDC ${chain.asset.address}`)
    const facilitator = await startFacilitator({
      rpcUrl: chain.rpcUrl,
      privateKey: chain.facilitator.privateKey,
      chainId: chain.chainId,
    })
    stops.push(() => facilitator.close())
    out(`  facilitator ${facilitator.url} (signer ${chain.facilitator.address})`)
    const server = await startDemoServer({
      facilitatorUrl: facilitator.url,
      payTo: chain.payTo,
      network: chain.network,
      asset: chain.asset,
      version,
      paywall: { fetch: tracing('resource server → facilitator', out) },
    })
    stops.push(() => server.close())
    out(`  resource server ${server.url}; ${server.paidUrl} costs 10000 (0.01 USDC) to ${chain.payTo}`)
    const payer = chain.payers[0]!
    const balance = (who: Address) => balanceOf(chain.publicClient, chain.asset.address, who)
    const before = [await balance(payer.address), await balance(chain.payTo)] as const
    const policy = { maxAmountPerRequest: 10_000n, versions: [version] }
    const pay = wrapFetch(tracing('client → resource server', out), { account: privateKeyToAccount(payer.privateKey), policy })
    out()
    out(`The client (${payer.address}) asks for ${server.paidUrl}, x402 version ${version}:`)
    const response = await pay(server.paidUrl)
    const receipt = getReceipt(response)
    const after = [await balance(payer.address), await balance(chain.payTo)] as const
    out()
    out('Result:')
    out(`  status ${response.status}; receipt ${receipt ? JSON.stringify(receipt) : 'none'}`)
    out(`  payer balance ${before[0]} → ${after[0]}; payTo balance ${before[1]} → ${after[1]}`)
    return response.ok && receipt?.success === true ? exitCodes.pass : exitCodes.failures
  } catch (error) {
    process.stderr.write(`x402-conformance demo: ${(error as Error).message}\n`)
    return exitCodes.environment
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined)
  }
}

/** A fetch that prints each exchange with its x402 headers and JSON bodies decoded. */
function tracing(label: string, out: (line?: string) => void): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init)
    out()
    out(`── ${label}: ${request.method} ${request.url}`)
    void printHeaders(request.headers, out)
    if (request.body !== null) printBody(await request.clone().text(), out)
    const response = await fetch(request)
    out(`◀─ ${response.status} ${response.statusText}`)
    const shown = printHeaders(response.headers, out)
    const text = await response.clone().text()
    if (!shown.some((d) => sameJson(d, text))) printBody(text, out)
    else out('   body: the same object')
    return response
  }
}

function sameJson(decoded: unknown, text: string): boolean {
  try {
    return JSON.stringify(decoded) === JSON.stringify(JSON.parse(text))
  } catch {
    return false
  }
}

/** Prints the x402 headers decoded; returns the decoded values. */
function printHeaders(headers: Headers, out: (line?: string) => void): unknown[] {
  const decodedAll: unknown[] = []
  for (const name of x402HeaderNames) {
    const value = headers.get(name)
    if (value === null) continue
    let decoded: unknown
    try {
      decoded = decodeBase64Json(value, name)
    } catch (error) {
      decoded = `(cannot decode: ${(error as Error).message})`
    }
    decodedAll.push(decoded)
    out(`   ${name}: ${value.slice(0, 24)}… decodes to`)
    out(indent(JSON.stringify(decoded, null, 2)))
  }
  return decodedAll
}

function printBody(text: string, out: (line?: string) => void): void {
  if (text === '') return
  let shown = text
  try {
    shown = JSON.stringify(JSON.parse(text), null, 2)
  } catch {}
  out('   body:')
  out(indent(shown))
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `     ${l}`)
    .join('\n')
}
