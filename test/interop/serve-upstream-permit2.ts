// Starts the upstream @x402 facilitator with both EVM schemes that pay through Permit2 from the X402_*
// environment the harness hands to `--exec` commands, on PORT:
//   tsx test/interop/serve-upstream-permit2.ts
// exact (EIP-3009 and Permit2, as serve-upstream.ts facilitator) plus upto (`UptoEvmScheme` of @x402/evm), so the
// suite's Permit2 and upto cases judge the upstream facilitator instead of skipping the upto half.
import { UptoEvmScheme } from '@x402/evm/upto/facilitator'
import { zeroAddress } from 'viem'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { InteropChain } from './upstream/chain.js'
import { startUpstreamFacilitator } from './upstream/facilitator.js'
import { announceUntilSignal, exitOnStartFailure } from './upstream/announce.js'

/** The part of the harness environment a facilitator needs (serve-upstream.ts reads the rest for its servers). */
function chainFromEnv(): InteropChain {
  const env = (name: string) => process.env[name] || (process.stderr.write(`${name} is not set\n`), process.exit(3))
  const privateKey = env('X402_FACILITATOR_PRIVATE_KEY') as Hex
  return {
    rpcUrl: env('X402_RPC_URL'),
    chainId: Number(env('X402_CHAIN_ID')),
    network: env('X402_NETWORK') as InteropChain['network'],
    networkV1: process.env['X402_NETWORK_V1'] || null,
    asset: { address: zeroAddress, name: '', version: '', decimals: 6 },
    payTo: zeroAddress,
    payers: [],
    facilitator: { address: privateKeyToAccount(privateKey).address, privateKey },
  }
}

async function main(): Promise<void> {
  const chain = chainFromEnv()
  const started = await startUpstreamFacilitator(chain, { port: Number(process.env.PORT ?? 0) })
  started.facilitator.register(chain.network, new UptoEvmScheme(started.signer))
  announceUntilSignal('facilitator-permit2', started)
}

main().catch(exitOnStartFailure)
