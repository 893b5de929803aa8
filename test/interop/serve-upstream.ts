// Starts one upstream peer from the X402_* environment the harness hands to `--exec` commands, on PORT:
//   tsx test/interop/serve-upstream.ts facilitator | facilitator-x402v1 | server-v2 | server-v1
// facilitator: @x402/core + @x402/evm (v1 and v2); facilitator-x402v1: the legacy x402 1.2 package (v1 only).
// Servers settle through X402_FACILITATOR_URL and price GET /paid (and GET /paid-fails) at 1000 atomic units.
import type { Address, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { InteropChain } from './upstream/chain.js'
import { startUpstreamFacilitator } from './upstream/facilitator.js'
import { startUpstreamServer } from './upstream/server.js'
import { startX402V1Facilitator } from './upstream/x402v1Facilitator.js'
import { announceUntilSignal, exitOnStartFailure } from './upstream/announce.js'

function required(name: string): string {
  const value = process.env[name]
  if (value === undefined || value === '') throw new Error(`${name} is not set`)
  return value
}

/** The chain environment as the harness describes it (no payers: the harness pays). */
export function chainFromEnv(): InteropChain {
  const privateKey = required('X402_FACILITATOR_PRIVATE_KEY') as Hex
  return {
    rpcUrl: required('X402_RPC_URL'),
    chainId: Number(required('X402_CHAIN_ID')),
    network: required('X402_NETWORK') as `eip155:${number}`,
    networkV1: process.env.X402_NETWORK_V1 || null,
    asset: {
      address: required('X402_ASSET') as Address,
      name: required('X402_ASSET_NAME'),
      version: required('X402_ASSET_VERSION'),
      decimals: 6,
    },
    payTo: required('X402_PAY_TO') as Address,
    payers: [],
    facilitator: { address: privateKeyToAccount(privateKey).address, privateKey },
  }
}

async function main(role: string | undefined): Promise<void> {
  const chain = chainFromEnv()
  const port = Number(process.env.PORT ?? 0)
  const started =
    role === 'facilitator'
      ? await startUpstreamFacilitator(chain, { port })
      : role === 'facilitator-x402v1'
        ? await startX402V1Facilitator(chain, { port })
        : role === 'server-v2' || role === 'server-v1'
          ? await startUpstreamServer(chain, {
              facilitatorUrl: required('X402_FACILITATOR_URL'),
              version: role === 'server-v2' ? 2 : 1,
              port,
            })
          : undefined
  if (started === undefined) {
    process.stderr.write('usage: serve-upstream.ts facilitator|facilitator-x402v1|server-v2|server-v1\n')
    process.exit(2)
  }
  announceUntilSignal(String(role), started)
}

main(process.argv[2]).catch(exitOnStartFailure)
