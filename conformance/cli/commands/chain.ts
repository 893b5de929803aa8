import { startChain } from '../../../src/chain/index.js'
import { parseCommand, untilSignal, usageFailure } from '../args.js'
import { exitCodes } from '../main.js'

export const summary = 'start the local chain (anvil + mock USDC), print its environment, run until interrupted'

const usage = `usage: x402-conformance chain [--chain-id N] [--port N]

Starts anvil on 127.0.0.1 with the FiatToken-compatible mock USDC (also planted at the network's real
USDC address), the adversarial variants and smart wallets, and funded wallets. Prints one JSON line to
stdout ({ rpcUrl, chainId, network, networkV1, asset, payTo, payers, facilitator }), then the same as
\`export X402_...=\` lines to stderr, and runs until SIGINT or SIGTERM. Default chain id: 84532.`

const options = {
  'chain-id': { type: 'string' },
  port: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const

const shellQuote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`

/** `x402-conformance chain [--chain-id N] [--port N]`. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand('chain', usage, argv, options)
  if (typeof parsed === 'number') return parsed
  const { values } = parsed
  const chainId = values['chain-id'] === undefined ? undefined : Number(values['chain-id'])
  if (chainId !== undefined && !(Number.isSafeInteger(chainId) && chainId > 0)) {
    return usageFailure('chain', `--chain-id must be a positive integer, got ${values['chain-id']}`, usage)
  }
  const port = values.port === undefined ? undefined : Number(values.port)
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    return usageFailure('chain', `--port must be a port number, got ${values.port}`, usage)
  }

  let chain
  try {
    chain = await startChain({ chainId, port })
  } catch (error) {
    process.stderr.write(`x402-conformance chain: ${(error as Error).message}\n`)
    return exitCodes.environment
  }
  process.stdout.write(`${JSON.stringify(chain.toJSON())}\n`)
  const lines = [
    "# These are anvil's well-known public test keys: anyone can sign with them. Use them only on this local chain.",
    ...Object.entries(chain.env()).map(([name, value]) => `export ${name}=${shellQuote(value)}`),
    `# Local chain ${chain.network} at ${chain.rpcUrl}; Ctrl-C stops it.`,
  ]
  process.stderr.write(`${lines.join('\n')}\n`)
  return untilSignal(chain.stop)
}
