import { afterAll, beforeAll } from 'vitest'
import { startChain } from '../../src/chain/index.js'
import type { Chain } from '../../src/chain/index.js'
import type { PaymentRequirementsV2 } from '../../src/types/v2.js'
import { startFacilitator } from '../../src/facilitator/createFacilitator.js'
import type { FacilitatorOptions, RunningFacilitator } from '../../src/facilitator/createFacilitator.js'

// Test-only setup shared by the facilitator, chain and server tests: one local chain per file,
// facilitators on it closed after the file, and the exact-scheme requirements it pays.

/** Exact-scheme v2 requirements for 10000 units of the chain's token to its payee. */
export const chainRequirements = (chain: Chain, overrides: Partial<PaymentRequirementsV2> = {}): PaymentRequirementsV2 => ({
  scheme: 'exact',
  network: chain.network,
  amount: '10000',
  asset: chain.asset.address,
  payTo: chain.payTo,
  maxTimeoutSeconds: 60,
  extra: { name: chain.asset.name, version: chain.asset.version },
  ...overrides,
})

/** The same requirements on Base Sepolia's USDC, for tests without a chain. */
export const baseSepoliaRequirements: PaymentRequirementsV2 = {
  scheme: 'exact',
  network: 'eip155:84532',
  amount: '10000',
  asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
  payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
  maxTimeoutSeconds: 60,
  extra: { name: 'USDC', version: '2' },
}

export interface ChainFixture {
  /** The file's chain; set once beforeAll has run. */
  chain: Chain
  /** Starts a facilitator on the chain, closed after the file. */
  facilitator(options?: Partial<FacilitatorOptions>): Promise<RunningFacilitator>
}

/** Starts a chain before the file's tests and stops it, with every facilitator started on it, after them. */
export function useChainWithFacilitators(): ChainFixture {
  const running: RunningFacilitator[] = []
  const fixture: ChainFixture = {
    chain: undefined as unknown as Chain,
    async facilitator(options = {}) {
      const { chain } = fixture
      const f = await startFacilitator({
        rpcUrl: chain.rpcUrl,
        privateKey: chain.facilitator.privateKey,
        chainId: chain.chainId,
        ...options,
      })
      running.push(f)
      return f
    },
  }
  beforeAll(async () => {
    fixture.chain = await startChain({ quiet: true })
  })
  afterAll(async () => {
    for (const f of running) await f.close()
    await fixture.chain?.stop()
  })
  return fixture
}

/**
 * Starts a chain and one facilitator on it before the file's tests; after them runs `stops` (the
 * file's own servers, pushed there) newest first, then stops the chain.
 */
export function useChainAndFacilitator(stops: (() => Promise<void>)[]): { chain: Chain; facilitatorUrl: string } {
  const fixture = { chain: undefined as unknown as Chain, facilitatorUrl: '' }
  beforeAll(async () => {
    fixture.chain = await startChain({ quiet: true })
    const { chain } = fixture
    const f = await startFacilitator({ rpcUrl: chain.rpcUrl, privateKey: chain.facilitator.privateKey, chainId: chain.chainId })
    stops.push(() => f.close())
    fixture.facilitatorUrl = f.url
  })
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop()
    await fixture.chain?.stop()
  })
  return fixture
}
