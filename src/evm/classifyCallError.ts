import { BaseError, ContractFunctionRevertedError, ContractFunctionZeroDataError, RawContractError } from 'viem'

/**
 * Tells a contract's own answer (a revert, or no code / no data where a contract was expected)
 * from a transport failure (RPC down, timeout). Returns the contract's reason for the former,
 * `undefined` for the latter.
 */
export function contractFailureOf(error: unknown): string | undefined {
  if (!(error instanceof BaseError)) return undefined
  const revert = error.walk(
    (e) =>
      e instanceof ContractFunctionRevertedError || e instanceof ContractFunctionZeroDataError || e instanceof RawContractError,
  )
  if (revert === null || !(revert instanceof BaseError)) return undefined
  if (revert instanceof ContractFunctionRevertedError) return revert.reason ?? revert.data?.errorName ?? revert.shortMessage
  return revert.shortMessage
}
