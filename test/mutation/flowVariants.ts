// Faulty variants of the payment flows and the pending-settlement path (spec/09-flows.md): each replaces one
// step of the reference roles, and a MUST case of conformance/cases/server/{flows,pending}.ts or
// conformance/cases/facilitator/pending.ts must catch it.
import type { Variant } from './variants.js'

export const flowVariants: readonly Variant[] = [
  {
    name: 'upfront-served-unsettled',
    mistake: 'an upfront route runs the handler and serves whatever the settlement answered',
    grep: /^server\.(flows|control)/,
    variant: { paywallSteps: { upfrontServes: () => true } },
  },
  {
    name: 'upfront-served-before-confirmation',
    mistake: 'an upfront route serves unless the settlement was refused outright (also when it is unknown or pending)',
    grep: /^server\.(flows|control)/,
    variant: { paywallSteps: { upfrontServes: (outcome) => outcome.kind !== 'refused' } },
  },
  {
    name: 'second-broadcast-on-retry',
    mistake: 'the facilitator forgets the pending broadcast and verifies and broadcasts a repeated settle again',
    grep: /^facilitator\.(pending\.repeat|control)/,
    variant: { facilitatorSteps: { findUnconfirmed: () => undefined } },
  },
  {
    name: 'pending-answered-402',
    mistake: 'the server takes settlement_pending for a refusal and answers 402',
    grep: /^server\.(pending\.no-second-payment|control)/,
    variant: { paywallSteps: { isPending: () => false } },
  },
  {
    name: 'pending-not-retried',
    mistake: 'the server answers a settlement_pending without settling once more',
    grep: /^server\.(pending\.retry-served|control)/,
    variant: { paywallSteps: { retryPending: () => false } },
  },
  {
    name: 'pending-record-lost',
    mistake: 'the server loses its pending record (as after a restart with the in-memory store): the repeat is verified as new',
    grep: /^server\.(pending\.no-second-payment|control)/,
    variant: { paywallSteps: { findPending: async () => undefined } },
  },
]
