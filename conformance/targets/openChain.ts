import { randomBytes } from 'node:crypto'
import type { Address, Hex } from 'viem'
import { attachChain, startChain } from '../../src/chain/index.js'
import type { Chain } from '../../src/chain/index.js'
import { X402Error } from '../../src/errors/X402Error.js'
import { EnvironmentError } from '../context/failure.js'
import { useForeignChain } from './foreignChain.js'

/** Which chain a run uses (the CLI's chain flags). */
export type ChainOptions = {
  /** Attach to this chain instead of starting one. */
  rpc?: string | undefined
  /** With `rpc`: the chain is not the harness's anvil; this key funds the payers (see `useForeignChain`). */
  payerKey?: Hex | undefined
  /** With `payerKey`: the token payments use (default: the network's default USDC). */
  asset?: Address | undefined
  /** The harness runs a reference facilitator (embedded, --exec), whose key needs gas. */
  facilitatorNeedsGas: boolean
}

/** Gas a reference facilitator's key gets on a chain the harness does not own: hundreds of settlements. */
const foreignFacilitatorGas = 5n * 10n ** 16n

/**
 * Starts a fresh anvil, attaches to the harness's anvil at `rpc`, or uses a chain the harness does not own
 * (`rpc` with `payerKey`). `salt` is empty on a fresh chain (the seed alone reproduces every key and nonce)
 * and random on a chain that outlives the run, whose tokens remember the nonces of earlier runs.
 */
export async function openChain(options: ChainOptions): Promise<{ chain: Chain; salt: string; foreign: boolean }> {
  const { rpc, payerKey } = options
  try {
    if (rpc !== undefined && payerKey !== undefined) {
      const gas = options.facilitatorNeedsGas ? foreignFacilitatorGas : 0n
      const chain = await useForeignChain({ rpcUrl: rpc, payerKey, asset: options.asset, facilitatorGas: gas })
      return { chain, salt: runSalt(), foreign: true }
    }
    if (rpc !== undefined) return { chain: await attachChain(rpc), salt: runSalt(), foreign: false }
    return { chain: await startChain({ quiet: true }), salt: '', foreign: false }
  } catch (error) {
    if (error instanceof EnvironmentError) throw error
    const shortMessage = error instanceof X402Error ? error.shortMessage : 'could not start the local chain'
    const details = error instanceof X402Error ? error.details : (error as Error).message
    throw new EnvironmentError({ shortMessage, details, cause: error })
  }
}

const runSalt = () => `${randomBytes(8).toString('hex')}:`
