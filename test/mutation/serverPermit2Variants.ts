// Fault-injected resource servers with Permit2 and upto routes (spec/07-permit2.md, 7.6): each gets one duty
// of the reference paywall wrong, and some MUST case of conformance/cases/server/permit2.ts must catch it.
import { defaultPaywallSteps } from '../../src/server/steps.js'
import type { PaywallSteps } from '../../src/server/steps.js'
import type { Variant } from './variants.js'

const cases = (grep: string) => new RegExp(`^server\\.(${grep}|control)`)

/** The challenge with `member` removed from the `extra` of every v2 offer of `scheme`. */
function withoutExtra(scheme: string, member: string): PaywallSteps['paymentRequired'] {
  return (input) =>
    defaultPaywallSteps.paymentRequired({
      ...input,
      accepts2: input.accepts2.map((offer) => {
        if (offer.scheme !== scheme) return offer
        const { [member]: _dropped, ...extra } = offer.extra ?? {}
        return { ...offer, extra }
      }),
    })
}

type SettleBody = {
  paymentPayload?: { payload?: { permit2Authorization?: { from?: string } } }
  paymentRequirements?: { network?: string; amount?: string }
}

/** A paywall fetch that answers every Permit2 settlement with success itself, without asking the facilitator. */
const settlesNothing: typeof fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input)
  const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as SettleBody) : undefined
  const permit = body?.paymentPayload?.payload?.permit2Authorization
  if (!url.endsWith('/settle') || permit === undefined) return fetch(input, init)
  const { network, amount } = body?.paymentRequirements ?? {}
  const transaction = `0x${'ab'.repeat(32)}`
  return Response.json({ success: true, transaction, network, payer: permit.from, amount })
}

export const serverPermit2Variants: readonly Variant[] = [
  {
    name: 'upto-settles-above-max',
    mistake: 'asks the facilitator to settle every upto payment at one unit above its maximum',
    grep: cases('upto\\.charged'),
    variant: { paywallSteps: { uptoCharge: (_response, maximum) => ({ amount: maximum + 1n, clamped: false }) } },
  },
  {
    name: 'upto-charges-maximum',
    mistake: 'ignores the amount the handler names and settles every upto payment at its maximum',
    grep: cases('upto\\.(charged|zero)'),
    variant: { paywallSteps: { uptoCharge: (_response, maximum) => ({ amount: maximum, clamped: false }) } },
  },
  {
    name: 'permit2-served-unsettled',
    mistake: 'serves a Permit2 payment with a receipt of its own, never settled',
    grep: cases('permit2\\.paid'),
    variant: { paywallFetch: settlesNothing },
  },
  {
    name: 'permit2-offer-without-method',
    mistake: 'offers its Permit2-only token without extra.assetTransferMethod',
    grep: cases('permit2\\.offer'),
    variant: { paywallSteps: { paymentRequired: withoutExtra('exact', 'assetTransferMethod') } },
  },
  {
    name: 'upto-offer-without-facilitator',
    mistake: 'offers upto without extra.facilitatorAddress',
    grep: cases('upto\\.offer'),
    variant: { paywallSteps: { paymentRequired: withoutExtra('upto', 'facilitatorAddress') } },
  },
]
