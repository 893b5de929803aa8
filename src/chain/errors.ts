import { X402Error } from '../errors/X402Error.js'

/** anvil could not be found or started, or a running chain could not be reached or used. */
export class ChainStartError extends X402Error {
  override name = 'ChainStartError' as const
}

/** A JSON-RPC request to the chain failed (HTTP error or an error reply). */
export class RpcError extends X402Error {
  override name = 'RpcError' as const
}

/** The harness contracts could not be deployed or planted on the chain. */
export class ContractDeployError extends X402Error {
  override name = 'ContractDeployError' as const
}

/** A transaction the harness sent to set up the chain (e.g. a mint) reverted. */
export class ChainTransactionError extends X402Error {
  override name = 'ChainTransactionError' as const
}
