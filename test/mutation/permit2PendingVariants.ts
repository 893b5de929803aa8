// Fault-injected Permit2 settlement paths (spec/09-flows.md §9.2, spec/07-permit2.md 7.4): a facilitator that
// forgets a pending Permit2 settlement, and one that answers success for any mined transaction. MUST cases of
// conformance/cases/facilitator/permit2-pending.ts must catch each.
import { defaultFacilitatorSteps } from '../../src/facilitator/steps.js'
import type { Variant } from './variants.js'

export const permit2PendingVariants: readonly Variant[] = [
  {
    name: 'permit2-forget-pending',
    mistake: 'forgets a Permit2 settlement answered settlement_pending: the repeat re-verifies and is refused on the spent nonce',
    grep: /^facilitator\.(permit2\.pending|upto\.pending|control)/,
    variant: {
      facilitatorSteps: {
        findUnconfirmed: (unconfirmed, key) => (key.startsWith('permit2:') ? undefined : unconfirmed.get(key)),
      },
    },
  },
  {
    name: 'permit2-reverted-is-success',
    mistake: 'answers success for any mined settlement transaction: reads neither the receipt status nor what it moved',
    grep: /^facilitator\.(permit2\.reverted|control)/,
    variant: {
      facilitatorSteps: {
        async waitForReceipt(ctx, hash) {
          const receipt = await defaultFacilitatorSteps.waitForReceipt(ctx, hash)
          return receipt === 'timeout' ? receipt : { ...receipt, status: 'success' }
        },
        checkTransfer: () => undefined,
        checkPaid: async () => undefined,
      },
    },
  },
]
