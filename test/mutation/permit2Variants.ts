// Fault-injected Permit2 and upto facilitators (spec/07-permit2.md): each skips one check of the reference
// facilitator's Permit2 methods, and some MUST case of conformance/cases/facilitator/permit2*.ts must catch it.
import type { Reason } from '../../src/errors/reasons.js'
import { verifyPermit2Payment } from '../../src/evm/permit2/index.js'
import type { FacilitatorSteps } from '../../src/facilitator/steps.js'
import { defaultFacilitatorSteps } from '../../src/facilitator/steps.js'
import type { Variant } from './variants.js'

type VerifyPermit2 = FacilitatorSteps['verifyPermit2']

/** A Permit2 verifier that answers valid where the reference refuses with `reason`. */
function trusting(reason: Reason): VerifyPermit2 {
  return async (ctx, check) => {
    const result = await defaultFacilitatorSteps.verifyPermit2(ctx, check)
    if (result.isValid || result.invalidReason !== reason || result.payer === undefined) return result
    return { isValid: true, payer: result.payer }
  }
}

const permit2 = (grep: string) => new RegExp(`^facilitator\\.(${grep}|control)`)

const trustingVariant = (name: string, reason: Reason, mistake: string, grep: string): Variant => ({
  name,
  mistake,
  grep: permit2(grep),
  variant: { facilitatorSteps: { verifyPermit2: trusting(reason) } },
})

export const permit2Variants: readonly Variant[] = [
  trustingVariant(
    'permit2-any-spender',
    'invalid_permit2_spender',
    'accepts a permit whose spender is not the proxy',
    'permit2\\.spender',
  ),
  trustingVariant(
    'permit2-skip-witness',
    'invalid_permit2_recipient_mismatch',
    'never compares witness.to with payTo',
    'permit2\\.witness',
  ),
  trustingVariant('permit2-ignore-deadline', 'permit2_deadline_expired', 'ignores the permit deadline', 'permit2\\.deadline'),
  trustingVariant('permit2-any-token', 'permit2_token_mismatch', 'accepts a permit of another token', 'permit2\\.wrong-token'),
  trustingVariant(
    'permit2-spent-nonce',
    'permit2_invalid_nonce',
    'does not read the Permit2 nonce bitmap',
    'permit2\\.settled-twice',
  ),
  trustingVariant(
    'permit2-no-allowance',
    'permit2_allowance_required',
    'does not read the allowance of Permit2',
    'permit2\\.no-allowance',
  ),
  trustingVariant(
    'upto-any-facilitator',
    'upto_facilitator_mismatch',
    'accepts an upto witness naming another facilitator',
    'upto\\.witness-other',
  ),
  {
    name: 'upto-clamp-above-max',
    mistake: 'settles an upto amount above the maximum at the maximum and answers success',
    grep: permit2('upto\\.settle-above'),
    variant: {
      facilitatorSteps: {
        uptoSettlement: (p) => ({ ok: true, amount: p.amount > p.authorized ? p.authorized : p.amount }),
      },
    },
  },
  {
    name: 'permit2-trust-sponsoring',
    mistake: 'takes an EIP-2612 gas-sponsoring permit on trust (no field, nonce or signature check, no simulation)',
    grep: permit2('permit2\\.sponsoring'),
    variant: {
      facilitatorSteps: {
        verifyPermit2: (ctx, check) =>
          verifyPermit2Payment(ctx.client, { ...check, settler: ctx.account.address, simulate: false }),
      },
    },
  },
]
