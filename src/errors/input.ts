import { X402Error } from './X402Error.js'

// Errors of calling the library with values it cannot use (API misuse), not protocol outcomes.

/** A value is not a uint256 (canonical decimal string, or a bigint in 0..2^256-1). */
export class InvalidAmountError extends X402Error {
  override name = 'InvalidAmountError' as const
  constructor({ problem, value }: { problem: string; value: string }) {
    super({ shortMessage: problem, details: value })
  }
}

/** A clock value is not unix seconds (a non-negative safe integer). */
export class InvalidTimeError extends X402Error {
  override name = 'InvalidTimeError' as const
  constructor({ what, value }: { what: string; value: number }) {
    super({ shortMessage: `${what} must be unix seconds (a non-negative integer)`, details: String(value) })
  }
}

/** A network is neither a known v1 name nor an `eip155:<chainId>` this package knows. */
export class UnknownNetworkError extends X402Error {
  override name = 'UnknownNetworkError' as const
  constructor({ network }: { network: string | number }) {
    super({ shortMessage: `unknown EVM network: ${String(network)}` })
  }
}

/** Payment requirements cannot be paid with the exact scheme on EVM (scheme, payTo, EIP-712 domain). */
export class UnpayableRequirementsError extends X402Error {
  override name = 'UnpayableRequirementsError' as const
  constructor({ problem, details, clause }: { problem: string; details?: string | undefined; clause: string }) {
    super({ shortMessage: problem, details, clause })
  }
}
