export { startChain, initialTokenBalance } from './startChain.js'
export { attachChain } from './attachChain.js'
export type { Chain, ChainAccount, ChainJson, StartChainParameters } from './types.js'
export { anvilPrivateKeys, accountRoles } from './accounts.js'
export { anvilBinary, freePort, isPortOpen, spawnAnvil, type AnvilProcess } from './anvil.js'
export { multicall3Address } from './deploy.js'
export { ChainStartError, ChainTransactionError, ContractDeployError, RpcError } from './errors.js'
export {
  balanceOf,
  authorizationState,
  transferEvents,
  txCount,
  snapshotBalances,
  diffBalances,
  type TransferEvent,
  type BalanceSnapshot,
} from './ledger.js'
export { setAutomine, mine } from './races.js'
export { followWallClock, startWallClock, type WallClock } from './wallClock.js'
