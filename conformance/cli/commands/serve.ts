import { parseArgs } from 'node:util'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { startChain } from '../../../src/chain/index.js'
import { startFacilitator } from '../../../src/facilitator/createFacilitator.js'
import { findEvmNetwork } from '../../../src/networks/registry.js'
import { startResourceServer } from '../../../src/server/startResourceServer.js'
import { exitCodes } from '../main.js'

export const summary = 'run a reference role (facilitator | server) on a local chain or --rpc'

const usage = `usage:
  x402-conformance serve facilitator [--port N] [--rpc URL --private-key KEY] [--log]
  x402-conformance serve server [--port N] [--facilitator URL] [--price ATOMIC] [--pay-to ADDR]
                                [--version 1|2|both] [--rpc URL --private-key KEY] [--asset ADDR --asset-name N --asset-version V]

Without --rpc a local anvil chain is started. Prints one JSON line ({ "url", ...chain }) once ready,
then serves until SIGINT or SIGTERM. Environment fallbacks: X402_RPC_URL, X402_FACILITATOR_PRIVATE_KEY,
X402_FACILITATOR_URL, X402_PAY_TO, X402_ASSET, X402_ASSET_NAME, X402_ASSET_VERSION.`

const options = {
  port: { type: 'string' },
  rpc: { type: 'string' },
  'private-key': { type: 'string' },
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

/** `x402-conformance serve facilitator|server [options]`. */
export async function run(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true })
  } catch (error) {
    process.stderr.write(`x402-conformance serve: ${(error as Error).message}\n${usage}\n`)
    return exitCodes.usage
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(`${usage}\n`)
    return exitCodes.pass
  }
  const role = positionals[0]
  if ((role !== 'facilitator' && role !== 'server') || positionals.length > 1) {
    process.stderr.write(`x402-conformance serve: expected 'facilitator' or 'server'\n${usage}\n`)
    return exitCodes.usage
  }
  const port = values.port === undefined ? undefined : Number(values.port)
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) return usageError(`--port must be a port number, got ${values.port}`)
  const version = values.version === 'both' ? 'both' : values.version === '1' ? 1 : values.version === '2' ? 2 : undefined
  if (version === undefined) return usageError(`--version must be 1, 2 or both, got ${values.version}`)
  if (!/^(?:0|[1-9][0-9]*)$/.test(values.price)) return usageError(`--price must be an atomic integer amount, got ${values.price}`)

  const rpcUrl = values.rpc ?? process.env['X402_RPC_URL']
  const key = (values['private-key'] ?? process.env['X402_FACILITATOR_PRIVATE_KEY']) as Hex | undefined
  if (rpcUrl !== undefined && key === undefined && (role === 'facilitator' || values.facilitator === undefined)) {
    return usageError('--rpc needs --private-key (or X402_FACILITATOR_PRIVATE_KEY): the facilitator key that pays gas')
  }
  if (key !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(key)) return usageError('--private-key must be 0x and 64 hex digits')

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
      const f = await startFacilitator({ rpcUrl: rpc, privateKey: facilitatorKey as Hex, log: values.log, ...(role === 'facilitator' && port !== undefined ? { port } : {}) })
      stops.push(() => f.close())
      facilitatorUrl = f.url
      if (!chain) Object.assign(env, { chainId: f.facilitator.context.chainId, network: f.facilitator.context.network, facilitator: { address: privateKeyToAccount(facilitatorKey as Hex).address } })
      if (role === 'facilitator') {
        print({ url: f.url, ...env })
        return await untilSignal(stopAll)
      }
    }
    const chainId = chain?.chainId ?? (env['chainId'] as number | undefined)
    const network = chain?.network ?? (chainId === undefined ? process.env['X402_NETWORK'] : `eip155:${chainId}`)
    if (network === undefined) return usageError('cannot tell the network: give X402_NETWORK with --rpc and --facilitator')
    const payTo = values['pay-to'] ?? process.env['X402_PAY_TO'] ?? chain?.payTo
    if (payTo === undefined) return usageError('--pay-to is required with --rpc')
    const assetAddress = values.asset ?? process.env['X402_ASSET'] ?? chain?.asset.address ?? findEvmNetwork(network)?.defaultAsset?.address
    const assetName = values['asset-name'] ?? process.env['X402_ASSET_NAME'] ?? chain?.asset.name ?? findEvmNetwork(network)?.defaultAsset?.name
    const assetVersion = values['asset-version'] ?? process.env['X402_ASSET_VERSION'] ?? chain?.asset.version ?? findEvmNetwork(network)?.defaultAsset?.version
    if (assetAddress === undefined || assetName === undefined || assetVersion === undefined) return usageError('the network has no default asset: give --asset, --asset-name and --asset-version')
    const server = await startResourceServer({
      facilitatorUrl,
      payTo,
      price: values.price,
      network,
      asset: assetAddress,
      assetDomain: { name: assetName, version: assetVersion },
      version,
      ...(port !== undefined ? { port } : {}),
    })
    stops.push(() => server.close())
    print({ url: server.url, paidUrl: server.paidUrl, facilitatorUrl, ...env })
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

function usageError(message: string): number {
  process.stderr.write(`x402-conformance serve: ${message}\n`)
  return exitCodes.usage
}

function untilSignal(stop: () => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    const onSignal = () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      void stop().then(() => resolve(exitCodes.pass))
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
}
