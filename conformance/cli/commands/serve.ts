import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { startChain } from '../../../src/chain/index.js'
import { startFacilitator } from '../../../src/facilitator/createFacilitator.js'
import { findEvmNetwork } from '../../../src/networks/registry.js'
import { startDemoServer } from '../../targets/demoServer.js'
import type { UsageError } from '../../errors.js'
import { parseCommand, untilSignal, usageFailure } from '../args.js'
import { readKey } from '../secrets.js'
import { exitCodes } from '../main.js'

export const summary = 'run a reference role (facilitator | server) on a local chain or --rpc'

const usage = `usage:
  x402-conformance serve facilitator [--port N] [--rpc URL --private-key-file FILE] [--log]
  x402-conformance serve server [--port N] [--facilitator URL] [--price ATOMIC] [--pay-to ADDR] [--log]
                                [--version 1|2|both] [--rpc URL --private-key-file FILE]
                                [--asset ADDR --asset-name N --asset-version V]

Without --rpc a local anvil chain is started. Prints one JSON line ({ "url", ...chain }) once ready,
then serves until SIGINT or SIGTERM. The server's paid paths are /paid/data and /paid/other; the handler
of /paid/fail fails (500, or ?status=4xx|5xx). On its own local chain it also serves /paid/permit2 (exact through
Permit2) and /paid/upto (upto, charging ?charge= atomic units, else half the price) in the Permit2-only token.
Environment fallbacks: X402_RPC_URL, X402_FACILITATOR_PRIVATE_KEY,
X402_FACILITATOR_URL, X402_PAY_TO, X402_ASSET, X402_ASSET_NAME, X402_ASSET_VERSION.
The facilitator key: X402_FACILITATOR_PRIVATE_KEY, --private-key-file FILE or --private-key env:VAR. A key
written on the command line (--private-key 0x…) is visible to every user of the machine (ps): avoid it.
It stops when its parent process goes away (npx … & then kill $!), as on SIGINT or SIGTERM.
--log writes one JSON line per event to stderr (never keys, payments or signatures).`

const options = {
  port: { type: 'string' },
  rpc: { type: 'string' },
  'private-key': { type: 'string' },
  'private-key-file': { type: 'string' },
  facilitator: { type: 'string' },
  price: { type: 'string', default: '10000' },
  'pay-to': { type: 'string' },
  version: { type: 'string', default: 'both' },
  asset: { type: 'string' },
  'asset-name': { type: 'string' },
  'asset-version': { type: 'string' },
  log: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const

const fail = (message: string) => usageFailure('serve', message)

/** `x402-conformance serve facilitator|server [options]`. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand('serve', usage, argv, options, { min: 0, max: 1 })
  if (typeof parsed === 'number') return parsed
  const { values, positionals } = parsed
  const role = positionals[0]
  if (role !== 'facilitator' && role !== 'server') return usageFailure('serve', "expected 'facilitator' or 'server'", usage)
  const port = values.port === undefined ? undefined : Number(values.port)
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536))
    return fail(`--port must be a port number, got ${values.port}`)
  const version = values.version === 'both' ? 'both' : values.version === '1' ? 1 : values.version === '2' ? 2 : undefined
  if (version === undefined) return fail(`--version must be 1, 2 or both, got ${values.version}`)
  if (!/^(?:0|[1-9][0-9]*)$/.test(values.price)) return fail(`--price must be an atomic integer amount, got ${values.price}`)

  const rpcUrl = values.rpc ?? process.env['X402_RPC_URL']
  let key: Hex | undefined
  try {
    const sources = { flag: '--private-key', value: values['private-key'], file: values['private-key-file'] }
    key = readKey({ ...sources, env: 'X402_FACILITATOR_PRIVATE_KEY' })
  } catch (error) {
    return fail((error as UsageError).shortMessage)
  }
  if (rpcUrl !== undefined && key === undefined && (role === 'facilitator' || values.facilitator === undefined)) {
    return fail('--rpc needs a facilitator key that pays gas: X402_FACILITATOR_PRIVATE_KEY, --private-key-file or --private-key')
  }

  const stops: (() => Promise<void>)[] = []
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined)
  }
  try {
    const chain = rpcUrl === undefined ? await startChain({ quiet: true }) : undefined
    if (chain) stops.push(() => chain.stop())
    const rpc = chain?.rpcUrl ?? (rpcUrl as string)
    const facilitatorKey = chain?.facilitator.privateKey ?? key
    const env: Record<string, unknown> = chain ? (chain.toJSON() as Record<string, unknown>) : { rpcUrl: rpc }
    let facilitatorUrl = values.facilitator ?? process.env['X402_FACILITATOR_URL']
    if (role === 'facilitator' || facilitatorUrl === undefined) {
      const atPort = role === 'facilitator' && port !== undefined ? { port } : {}
      const f = await startFacilitator({ rpcUrl: rpc, privateKey: facilitatorKey as Hex, log: values.log, ...atPort })
      stops.push(() => f.close())
      facilitatorUrl = f.url
      if (!chain) {
        const { chainId, network } = f.facilitator.context
        Object.assign(env, { chainId, network, facilitator: { address: privateKeyToAccount(facilitatorKey as Hex).address } })
      }
      if (role === 'facilitator') {
        print({ url: f.url, ...env })
        return await untilSignal(stopAll)
      }
    }
    const chainId = chain?.chainId ?? (env['chainId'] as number | undefined)
    const network = chain?.network ?? (chainId === undefined ? process.env['X402_NETWORK'] : `eip155:${chainId}`)
    if (network === undefined)
      return await stopAll().then(() => fail('cannot tell the network: give X402_NETWORK with --rpc and --facilitator'))
    const payTo = values['pay-to'] ?? process.env['X402_PAY_TO'] ?? chain?.payTo
    if (payTo === undefined) return await stopAll().then(() => fail('--pay-to is required with --rpc'))
    const known = findEvmNetwork(network)?.defaultAsset
    const asset = {
      address: values.asset ?? process.env['X402_ASSET'] ?? chain?.asset.address ?? known?.address,
      name: values['asset-name'] ?? process.env['X402_ASSET_NAME'] ?? chain?.asset.name ?? known?.name,
      version: values['asset-version'] ?? process.env['X402_ASSET_VERSION'] ?? chain?.asset.version ?? known?.version,
    }
    if (asset.address === undefined || asset.name === undefined || asset.version === undefined) {
      return await stopAll().then(() => fail('the network has no default asset: give --asset, --asset-name and --asset-version'))
    }
    const server = await startDemoServer({
      facilitatorUrl,
      payTo,
      price: values.price,
      network,
      asset: { address: asset.address, name: asset.name, version: asset.version },
      version,
      log: values.log,
      ...(port !== undefined ? { port } : {}),
      // the local chain's Permit2-only token: exact-Permit2 and (when the facilitator names its address) upto routes
      ...(chain ? { permit2: { token: chain.contracts.plainToken } } : {}),
    })
    stops.push(() => server.close())
    const { permit2Url, uptoUrl } = server
    print({
      url: server.url,
      paidUrl: server.paidUrl,
      failingUrl: server.failingUrl,
      permit2Url,
      uptoUrl,
      facilitatorUrl,
      ...env,
    })
    return await untilSignal(stopAll)
  } catch (error) {
    await stopAll()
    process.stderr.write(`x402-conformance serve: ${(error as Error).message}\n`)
    return exitCodes.environment
  }
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n`)
}
