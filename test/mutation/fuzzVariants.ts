// Fault-injected variants of the reference roles for the bounded settle wait (a case of
// conformance/cases/server/hostile-waits.ts) and for the fuzz oracles (conformance/fuzz), which only
// run with `--fuzz N` and are checked by mutation-fuzz.test.ts with generated inputs.
import { exceedsJsonDepth } from '../../src/codecs/jsonDepth.js'
import { categoryOf } from '../../src/errors/reasons.js'
import { defaultFacilitatorSteps } from '../../src/facilitator/steps.js'
import type { OracleId } from '../../conformance/fuzz/oracles.js'
import type { Variant } from './variants.js'

/** A settle that has not come back after 3 s is taken for a refusal (so the server answers 402 after a charge). */
const settleGivesUp: typeof fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : String(input)
  if (!url.endsWith('/settle')) return fetch(input, init)
  const sent = JSON.parse(String(init?.body ?? '{}')) as { paymentRequirements?: { network?: string } }
  const refusal = {
    success: false,
    errorReason: 'insufficient_funds',
    transaction: '',
    network: sent.paymentRequirements?.network,
  }
  const timer = new Promise<Response>((resolve) => {
    setTimeout(() => resolve(new Response(JSON.stringify(refusal), { headers: { 'content-type': 'application/json' } })), 3_000)
  })
  return Promise.race([fetch(input, init), timer])
}

export const waitVariants: readonly Variant[] = [
  {
    name: 'settle-timeout-402',
    mistake: 'the server takes a settle that does not come back for a refusal and answers 402 after the payer was charged',
    grep: /^server\.(hostile-waits|control)/,
    variant: { paywallFetch: settleGivesUp },
  },
]

/** A variant and the fuzz oracle that must catch it. */
export type FuzzVariant = Variant & { oracle: OracleId }

export const fuzzVariants: readonly FuzzVariant[] = [
  {
    name: 'deep-nesting-500',
    mistake: 'the facilitator parses requests recursively and fails (500) on a deeply nested member',
    grep: /^facilitator\.fuzz\./,
    oracle: 'no-5xx',
    variant: {
      facilitatorSteps: {
        parseRequest: (body, options) => {
          if (exceedsJsonDepth(body, 24)) throw new RangeError('Maximum call stack size exceeded')
          return defaultFacilitatorSteps.parseRequest(body, options)
        },
      },
    },
  },
  {
    name: 'verify-ignores-signature',
    mistake: "the facilitator's verify answers valid when the only problem is the signature",
    grep: /^facilitator\.fuzz\./,
    oracle: 'invalid-not-accepted',
    variant: {
      facilitatorSteps: {
        verify: async (ctx, request) => {
          const result = await defaultFacilitatorSteps.verify(ctx, request)
          if (result.isValid || categoryOf(result.invalidReason) !== 'invalid_signature') return result
          return { isValid: true, payer: result.payer ?? '0x0000000000000000000000000000000000000000' }
        },
      },
    },
  },
  {
    name: 'serve-unsettled',
    mistake: 'the server trusts any facilitator answer: a payment that failed verification or settlement is served',
    grep: /^server\.fuzz\./,
    oracle: 'paid-content',
    variant: { paywallSteps: { isVerified: () => true, isSettled: () => true } },
  },
]
