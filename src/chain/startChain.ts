import { accountRoles } from './accounts.js'
import { spawnAnvil } from './anvil.js'
import { anvilAccount, setupChain } from './setupChain.js'
import type { Chain, StartChainParameters } from './types.js'
import { followWallClock, startWallClock } from './wallClock.js'

export { initialTokenBalance } from './setupChain.js'

/**
 * Starts anvil on 127.0.0.1, deploys MockUSDC, the adversarial variants and the smart wallets, plants Multicall3
 * and the network's default USDC at their canonical addresses, funds the payers, and returns the environment.
 * While idle, the chain keeps its latest block within a second of the wall clock (see `startWallClock`).
 *
 * @example
 * const chain = await startChain()
 * try { ... } finally { await chain.stop() }
 */
export async function startChain(parameters: StartChainParameters = {}): Promise<Chain> {
  const chainId = parameters.chainId ?? 84532
  const anvil = await spawnAnvil({ chainId, port: parameters.port })
  try {
    const deployer = anvilAccount(accountRoles.deployer).address
    const chain = await setupChain({ rpcUrl: anvil.rpcUrl, chainId, deployer, pid: anvil.pid, stop: anvil.stop })
    if (parameters.followWallClock === false) return chain
    const clock = startWallClock({ rpcUrl: anvil.rpcUrl })
    followWallClock(chain.testClient, clock)
    return { ...chain, stop: () => clock.stop().then(anvil.stop) }
  } catch (error) {
    await anvil.stop()
    throw error
  }
}
