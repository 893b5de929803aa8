import { createPublicClient, createTestClient, http } from 'viem'
import { accountRoles } from './accounts.js'
import { ChainStartError } from './errors.js'
import { anvilAccount, setupChain } from './setupChain.js'
import type { Chain } from './types.js'
import { followWallClock, startWallClock } from './wallClock.js'

/**
 * Uses an anvil that is already running (e.g. one started by `x402-conformance chain`, which an implementation
 * under test already points at): deploys the harness contracts onto it from anvil's deployer account
 * (impersonated, so an anvil with another mnemonic works too), plants the default USDC and funds anvil's default
 * accounts as payers. While attached, idle block time follows the wall clock. `stop()` leaves the chain running. Throws {@link ChainStartError} when the chain is
 * unreachable or not an anvil.
 *
 * @example
 * const chain = await attachChain('http://127.0.0.1:8545')
 */
export async function attachChain(rpcUrl: string): Promise<Chain> {
  const transport = http(rpcUrl, { retryCount: 0 })
  let chainId: number
  try {
    chainId = await createPublicClient({ transport }).getChainId()
  } catch (error) {
    throw new ChainStartError({ shortMessage: `the chain at ${rpcUrl} is unreachable`, cause: error })
  }
  const deployer = anvilAccount(accountRoles.deployer).address
  const testClient = createTestClient({ mode: 'anvil', transport })
  try {
    await testClient.impersonateAccount({ address: deployer })
    await testClient.setBalance({ address: deployer, value: 10n ** 22n })
  } catch (error) {
    throw new ChainStartError({
      shortMessage: `the chain at ${rpcUrl} is not an anvil (anvil_impersonateAccount failed)`,
      cause: error,
    })
  }
  const chain = await setupChain({ rpcUrl, chainId, deployer, pid: 0, stop: async () => undefined })
  const clock = startWallClock({ rpcUrl })
  followWallClock(chain.testClient, clock)
  return { ...chain, stop: () => clock.stop() }
}
