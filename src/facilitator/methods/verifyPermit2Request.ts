import {
  parsePermit2Payload,
  verifyEip2612Permit,
  verifyPermit2Offline,
  verifyPermit2Payment,
  type VerifyPermit2PaymentParameters,
} from '../../evm/permit2/index.js'
import type { FacilitatorContext } from '../context.js'
import type { VerifyResult } from '../evm.js'

/** What the Permit2 verification of one request is given (spec/07-permit2.md 7.3 and 7.5). */
export type Permit2Check = Omit<VerifyPermit2PaymentParameters, 'settler'> & {
  /** The token's EIP-712 name and version from `extra`, for a token without ERC-5267. */
  readonly tokenDomain?: { readonly name?: string | undefined; readonly version?: string | undefined } | undefined
}

/**
 * The reference Permit2 verification: the offline steps (once), then a gas-sponsoring permit (when the payment
 * carries one) checked field by field and by signature, then allowance (unless sponsored), balance, nonce bit and a
 * simulation of the proxy call from the facilitator's address. A chain that cannot be asked throws (the operation
 * answers `unexpected_verify_error`), never a refusal.
 */
export async function verifyPermit2Request(ctx: FacilitatorContext, p: Permit2Check): Promise<VerifyResult> {
  const params = { ...p, settler: ctx.account.address }
  const read = parsePermit2Payload(p.payload)
  if (p.sponsoring === undefined || !read.ok) return verifyPermit2Payment(ctx.client, params)
  const offline = await verifyPermit2Offline(p)
  if (!offline.isValid && !offline.deferred) return offline
  const problem = await verifyEip2612Permit(ctx.client, {
    permit: p.sponsoring,
    payer: read.authorization.from,
    asset: p.requirements.asset,
    amount: read.authorization.permitted.amount,
    chainId: p.requirements.chainId,
    now: p.now,
    fallbackDomain: p.tokenDomain,
  })
  if (problem === undefined) return verifyPermit2Payment(ctx.client, { ...params, offline })
  return {
    isValid: false,
    invalidReason: 'permit2_allowance_required',
    invalidMessage: `the gas-sponsoring permit cannot approve Permit2: ${problem}`,
    payer: read.authorization.from,
  }
}
