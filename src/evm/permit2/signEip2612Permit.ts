import type { Address, LocalAccount } from 'viem'
import { permit2Address } from './constants.js'
import { eip2612GasSponsoringKey, eip2612PermitTypes, type WireEip2612Permit } from './eip2612Types.js'

export type SignEip2612PermitParameters = {
  readonly account: Pick<LocalAccount, 'address' | 'signTypedData'>
  /** The token's EIP-712 domain (ERC-5267 `eip712Domain()`, or `extra.name` / `extra.version`). */
  readonly domain: {
    readonly name: string
    readonly version: string
    readonly chainId: number
    readonly verifyingContract: Address
  }
  /** The Permit2 payment's `permitted.amount`. */
  readonly amount: bigint
  /** The token's `nonces(owner)`. */
  readonly nonce: bigint
  readonly deadline: bigint
  /** The owner the permit names; default the signer (tests forge permits by naming someone else). */
  readonly owner?: Address | undefined
}

/**
 * Signs an EIP-2612 permit that approves Permit2 for a payment's amount and returns the `extensions` member
 * that carries it (`{ eip2612GasSponsoring: { info } }`, upstream's shape).
 *
 * @example
 * const extensions = await signEip2612Permit({ account, domain, amount: 1_000n, nonce: 0n, deadline })
 */
export async function signEip2612Permit(
  p: SignEip2612PermitParameters,
): Promise<{ [eip2612GasSponsoringKey]: { info: WireEip2612Permit } }> {
  const owner = p.owner ?? p.account.address
  const signature = await p.account.signTypedData({
    domain: p.domain,
    types: eip2612PermitTypes,
    primaryType: 'Permit',
    message: { owner, spender: permit2Address, value: p.amount, nonce: p.nonce, deadline: p.deadline },
  })
  const info: WireEip2612Permit = {
    from: owner,
    asset: p.domain.verifyingContract,
    spender: permit2Address,
    amount: p.amount.toString(),
    nonce: p.nonce.toString(),
    deadline: p.deadline.toString(),
    signature,
    version: '1',
  }
  return { [eip2612GasSponsoringKey]: { info } }
}
