import { BaseError, ContractFunctionRevertedError, ContractFunctionZeroDataError } from 'viem'
import { isAddressEqual, recoverTypedDataAddress } from 'viem'
import type { Address, PublicClient } from 'viem'
import { settlementMarginSeconds } from '../constants.js'
import { erc20Abi } from './abi.js'
import { permit2Address } from './constants.js'
import { eip2612PermitTypes, type Eip2612Permit } from './eip2612Types.js'

export type VerifyEip2612PermitParameters = {
  readonly permit: Eip2612Permit
  /** The Permit2 payment's `from`. */
  readonly payer: Address
  /** The requirements' asset. */
  readonly asset: Address
  /** `permitted.amount` of the Permit2 payment. */
  readonly amount: bigint
  readonly chainId: number
  /** The verifier's clock, in seconds. */
  readonly now: number
  /** The token's EIP-712 name and version when it does not answer ERC-5267 `eip712Domain()` (from `extra`). */
  readonly fallbackDomain?: { readonly name?: string | undefined; readonly version?: string | undefined } | undefined
}
/** Undefined when the permit approves exactly this payment, else what is wrong with it. */
export type VerifyEip2612PermitReturnType = string | undefined
/** Failures to reach the chain propagate (an outage is not a refusal); a token without `nonces` is a problem. */
export type VerifyEip2612PermitErrorType = Error

/**
 * Checks an EIP-2612 gas-sponsoring permit (permit2.sponsoring.permit) before a facilitator submits it: its
 * owner is the payer, its token the asset, its spender Permit2, its value the permitted amount, its deadline
 * at least 6 s away, its nonce the token's next one, and its signature the owner's over the token's domain.
 *
 * @example
 * const problem = await verifyEip2612Permit(client, { permit, payer, asset, amount, chainId, now })
 */
export async function verifyEip2612Permit(
  client: PublicClient,
  p: VerifyEip2612PermitParameters,
): Promise<VerifyEip2612PermitReturnType> {
  const { permit } = p
  if (!isAddressEqual(permit.from, p.payer)) return `the permit's owner ${permit.from} is not the payer ${p.payer}`
  if (!isAddressEqual(permit.asset, p.asset)) return `the permit is for token ${permit.asset}, not the asset ${p.asset}`
  if (!isAddressEqual(permit.spender, permit2Address)) return `the permit's spender ${permit.spender} is not Permit2`
  if (permit.amount !== p.amount) return `the permit approves ${permit.amount}, the payment needs ${p.amount}`
  if (permit.deadline < BigInt(p.now + settlementMarginSeconds))
    return `the permit's deadline ${permit.deadline} is less than ${settlementMarginSeconds}s away`
  const nonce = await client
    .readContract({ address: p.asset, abi: erc20Abi, functionName: 'nonces', args: [p.payer] })
    .catch((error: unknown) => (contractAnswered(error) ? undefined : Promise.reject(error)))
  if (nonce === undefined) return `the token ${p.asset} has no EIP-2612 nonces`
  if (nonce !== permit.nonce) return `the permit's nonce ${permit.nonce} is not the token's next nonce ${nonce}`
  const domain = await client.getEip712Domain({ address: p.asset }).then(
    // only the four members EIP-2612 tokens use: a zero `salt` in the answer is not part of their domain
    ({ domain: d }) => ({ name: d.name, version: d.version, chainId: d.chainId, verifyingContract: d.verifyingContract }),
    (error: unknown) => {
      // a token without ERC-5267 answers nothing or reverts: take the domain from `extra`; an outage propagates
      if (!contractAnswered(error)) throw error
      return {
        name: p.fallbackDomain?.name,
        version: p.fallbackDomain?.version ?? '1',
        chainId: p.chainId,
        verifyingContract: p.asset,
      }
    },
  )
  const message = {
    owner: p.payer,
    spender: permit2Address,
    value: permit.amount,
    nonce: permit.nonce,
    deadline: permit.deadline,
  }
  try {
    const signer = await recoverTypedDataAddress({
      domain,
      types: eip2612PermitTypes,
      primaryType: 'Permit',
      message,
      signature: permit.signature,
    })
    return isAddressEqual(signer, p.payer) ? undefined : `the permit's signature recovers to ${signer}, not the payer`
  } catch (error) {
    return `the permit's signature does not recover: ${(error as Error).message.split('\n')[0]}`
  }
}

/** True when the contract itself answered the call (no code, empty answer, revert), not when the chain was unreachable. */
function contractAnswered(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false
  // viem's getEip712Domain answers Eip712DomainNotFoundError (not exported) for a contract that returns nothing
  if (error.name === 'Eip712DomainNotFoundError') return true
  return error.walk((e) => e instanceof ContractFunctionZeroDataError || e instanceof ContractFunctionRevertedError) !== null
}
