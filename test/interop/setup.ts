import { afterAll, beforeAll } from 'vitest'
import { startChain, type Chain, type ChainAccount } from '../../src/chain/index.js'
import { startOurFacilitator, startOurServer } from './ours.js'
import { startUpstreamFacilitator, startUpstreamServer } from './upstream.js'

/** Whose implementation plays a role: this package's reference role or the upstream SDK's. */
export type Peer = 'ours' | 'upstream'

/** A paid resource server of either side. */
export type InteropServer = { url: string; paidUrl: string; failingUrl: string; amount: bigint; close(): Promise<void> }

/** What a test file of this folder runs against; filled before its first test. */
export type InteropEnv = {
  chain: Chain
  facilitator: { url: string; close(): Promise<void> }
  /** A server per protocol version, both settling through `facilitator`. */
  servers: Record<1 | 2, InteropServer>
  /** The i-th funded payer (wrapping around), so each test can pay from its own account. */
  payer(i: number): ChainAccount
}

/**
 * Starts a local chain, a facilitator and a v1 and a v2 resource server of the given sides before the
 * file's tests, and stops them after.
 *
 * @example
 * const env = useInterop({ facilitator: 'ours', servers: 'upstream' })
 * test('default', async () => { await fetch(env.servers[2].paidUrl) })
 */
export function useInterop(peers: { facilitator: Peer; servers: Peer }): InteropEnv {
  const env = { payer: (i: number) => env.chain.payers[i % env.chain.payers.length]! } as InteropEnv
  const started: { close(): Promise<void> }[] = []
  beforeAll(async () => {
    env.chain = await startChain({ quiet: true })
    started.push({ close: () => env.chain.stop() })
    const startFacilitator = peers.facilitator === 'ours' ? startOurFacilitator : startUpstreamFacilitator
    env.facilitator = await startFacilitator(env.chain)
    started.push(env.facilitator)
    const server = (version: 1 | 2) => {
      const options = { facilitatorUrl: env.facilitator.url, version }
      return peers.servers === 'ours' ? startOurServer(env.chain, options) : startUpstreamServer(env.chain, options)
    }
    env.servers = { 2: await server(2), 1: await server(1) }
    started.push(env.servers[2], env.servers[1])
  })
  afterAll(async () => {
    for (const s of started.reverse()) await s.close()
  })
  return env
}
