// Fault-injected variants of the reference roles: each replaces one step (src/facilitator/steps.ts,
// src/server/steps.ts) with a plausible mistake. The mutation check runs the suite against each and
// requires at least one MUST case to fail: a variant no case catches is a hole in the suite.
import { encodeFunctionData } from 'viem'
import { categoryOf } from '../../src/errors/reasons.js'
import { getSettleCall } from '../../src/facilitator/evm.js'
import type { ReasonCategory } from '../../src/errors/reasons.js'
import type { VerifyResult } from '../../src/evm/types.js'
import type { FacilitatorContext } from '../../src/facilitator/context.js'
import type { FacilitatorRequest } from '../../src/facilitator/requests.js'
import { defaultFacilitatorSteps } from '../../src/facilitator/steps.js'
import type { FacilitatorSteps } from '../../src/facilitator/steps.js'
import { defaultPaywallSteps } from '../../src/server/steps.js'
import type { EmbeddedVariant } from '../../conformance/targets/embedded.js'
import { serverRobustnessVariants } from './serverRobustness.js'

/** One faulty variant: what it gets wrong, and which cases to run against it (a --grep). */
export type Variant = { name: string; mistake: string; grep: RegExp; variant: EmbeddedVariant }

type Verify = FacilitatorSteps['verify']

/** A verifier that waves through failures of the given categories (optionally only when `when` holds). */
function ignoring(categories: readonly ReasonCategory[], when: (request: FacilitatorRequest) => boolean = () => true): Verify {
  return async (ctx: FacilitatorContext, request: FacilitatorRequest): Promise<VerifyResult> => {
    const result = await defaultFacilitatorSteps.verify(ctx, request)
    if (result.isValid) return result
    const category = categoryOf(result.invalidReason)
    if (category !== undefined && categories.includes(category) && when(request)) {
      const from = (request.paymentPayload.payload as { authorization?: { from?: string } }).authorization?.from
      return { isValid: true, payer: (from ?? result.payer ?? '0x0000000000000000000000000000000000000000') as `0x${string}` }
    }
    return result
  }
}

/** Both /verify and the re-verification before settling use the faulty verifier. */
const verifying = (verify: Verify): EmbeddedVariant => ({ facilitatorSteps: { verify, verifyBeforeSettle: verify } })

const overpaying = (request: FacilitatorRequest) => {
  const auth = (request.paymentPayload.payload as { authorization?: { value?: string } }).authorization
  const required = request.x402Version === 1 ? request.paymentRequirements.maxAmountRequired : request.paymentRequirements.amount
  return auth?.value !== undefined && /^[0-9]+$/.test(auth.value) && BigInt(auth.value) > BigInt(required)
}

export const variants: readonly Variant[] = [
  {
    name: 'skip-amount-check',
    mistake: 'the facilitator does not compare the authorized value with the required amount',
    grep: /^facilitator\.(amount|control)/,
    variant: verifying(ignoring(['amount_mismatch'])),
  },
  {
    name: 'accept-overpay',
    mistake: 'the facilitator accepts an authorization for more than the amount',
    grep: /^facilitator\.(amount|control)/,
    variant: verifying(ignoring(['amount_mismatch'], overpaying)),
  },
  {
    name: 'skip-nonce-check',
    mistake: 'the facilitator does not check authorizationState',
    grep: /^facilitator\.(nonce|control)/,
    variant: verifying(ignoring(['nonce_used'])),
  },
  {
    name: 'accept-any-signature',
    mistake: 'the facilitator does not check the signature',
    grep: /^facilitator\.(signature|control)/,
    variant: verifying(ignoring(['invalid_signature'])),
  },
  {
    name: 'skip-expiry-check',
    mistake: 'the facilitator does not check validBefore',
    grep: /^facilitator\.(time|control)/,
    variant: verifying(ignoring(['expired'])),
  },
  {
    name: 'skip-recipient-check',
    mistake: 'the facilitator does not compare authorization.to with payTo',
    grep: /^facilitator\.(match|control)/,
    variant: verifying(ignoring(['recipient_mismatch'])),
  },
  {
    name: 'skip-balance-check',
    mistake: 'the facilitator does not check the payer balance (only the simulation fails)',
    grep: /^facilitator\.(funds|control)/,
    variant: verifying(ignoring(['insufficient_funds'])),
  },
  {
    name: 'verify-settles',
    mistake: '/verify broadcasts the transfer (settles on verify)',
    grep: /^facilitator\.(control|nonce\.verify)/,
    variant: {
      facilitatorSteps: {
        async verify(ctx, request) {
          const result = await defaultFacilitatorSteps.verify(ctx, request)
          if (result.isValid) {
            const sent = await defaultFacilitatorSteps.broadcast(ctx, request)
            if ('hash' in sent) await defaultFacilitatorSteps.waitForReceipt(ctx, sent.hash)
          }
          return result
        },
        verifyBeforeSettle: (ctx, request) => defaultFacilitatorSteps.verify(ctx, request),
      },
    },
  },
  {
    name: 'crash-on-malformed',
    mistake: 'the facilitator throws (500) on a body that is not an object',
    grep: /^facilitator\.(transport|control)/,
    variant: {
      facilitatorSteps: {
        parseRequest(body) {
          if (typeof body !== 'object' || body === null || Array.isArray(body))
            throw new TypeError('cannot read properties of a non-object')
          return defaultFacilitatorSteps.parseRequest(body)
        },
      },
    },
  },
  {
    name: 'no-settle-gate',
    mistake: 'concurrent settles of one authorization are all broadcast',
    grep: /^facilitator\.(nonce\.concurrent|control)/,
    variant: {
      facilitatorSteps: {
        createSettleGate: () => ({ run: (_key, settle) => settle(), size: () => 0 }),
        // and broadcasts without a simulation against the pending block, which would hide the mistake
        async broadcast(ctx, request) {
          const call = getSettleCall(request.paymentPayload, request.paymentRequirements)
          const data = encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args } as never)
          const hash = await ctx.sender.send({
            to: call.address,
            data,
            gas: 300_000n,
            maxFeePerGas: 10_000_000_000n,
            maxPriorityFeePerGas: 1_000_000_000n,
          })
          return { hash }
        },
      },
    },
  },
  {
    name: 'ignore-transfer-event',
    mistake: 'the facilitator trusts a successful receipt without checking the Transfer event',
    grep: /^facilitator\.(settle|control)/,
    variant: { facilitatorSteps: { checkTransfer: () => undefined } },
  },
  {
    name: 'settle-when-handler-failed',
    mistake: 'the server settles whatever status the handler answered',
    grep: /^server\.(settlement|control)/,
    variant: { paywallSteps: { shouldSettle: () => true } },
  },
  {
    name: 'trust-client-resource',
    mistake: 'the server does not compare the payment resource with the requested URL',
    grep: /^server\.(matching|control)/,
    variant: { paywallSteps: { checkResourceV2: () => undefined } },
  },
  {
    name: 'serve-on-failed-settlement',
    mistake: 'the server serves the content even when settlement failed',
    grep: /^server\.(settlement|hostile|control)/,
    variant: { paywallSteps: { isSettled: () => true } },
  },
  {
    name: 'head-is-free',
    mistake: 'the server protects GET but lets HEAD through',
    grep: /^server\.(paths|control)/,
    variant: {
      paywallSteps: {
        findRoute: (routes, method, path) =>
          method.toUpperCase() === 'HEAD' ? undefined : defaultPaywallSteps.findRoute(routes, method, path),
      },
    },
  },
  {
    name: 'accept-any-offer',
    mistake: 'the server takes the first offer whatever the payment accepted, and asks the facilitator',
    grep: /^server\.(matching|control)/,
    variant: { paywallSteps: { matchAcceptedV2: (offers) => offers[0]!, matchPaymentV1: (offers) => offers[0]! } },
  },
  {
    name: 'trust-client-accepted',
    mistake: "the server takes the payment's own accepted (v1: the authorization's value and recipient) as the requirements",
    grep: /^server\.(matching|control)/,
    variant: {
      paywallSteps: {
        matchAcceptedV2: (_offers, payment) => payment.accepted,
        matchPaymentV1: (offers, payment) => {
          const auth = (payment.payload as { authorization: { value: string; to: `0x${string}` } }).authorization
          return { ...offers[0]!, maxAmountRequired: auth.value, payTo: auth.to }
        },
      },
    },
  },
  {
    name: 'accept-0X-address',
    mistake: 'the facilitator compares payTo case-insensitively without checking it is an address: 0X… verifies and settles',
    grep: /^facilitator\.(robustness|control)/,
    variant: verifying(ignoring(['recipient_mismatch'], (request) => String(request.paymentRequirements.payTo).startsWith('0X'))),
  },
  {
    name: 'settle-retry-without-hash',
    mistake: 'a settle that finds its authorization used answers nonce_used without looking for the transaction that used it',
    grep: /^facilitator\.(robustness|control)/,
    variant: { facilitatorSteps: { findSettlement: async () => undefined } },
  },
  {
    name: 'echo-nested-version',
    mistake: 'the facilitator walks bodies of any depth and renders a refused x402Version whole (deep: 500; long: echoed)',
    grep: /^facilitator\.(robustness|control)/,
    variant: {
      facilitatorSteps: {
        parseRequest: (body) => {
          const r = defaultFacilitatorSteps.parseRequest(body, { maxDepth: Number.POSITIVE_INFINITY })
          if (r.ok || r.reason !== 'invalid_x402_version') return r
          const got = JSON.stringify((body as { x402Version?: unknown }).x402Version)
          return { ...r, message: `x402Version must be 1 or 2, got ${got}` }
        },
      },
    },
  },
  {
    name: 'require-top-level-version',
    mistake: "the facilitator refuses a body without a top-level x402Version instead of reading the payload's",
    grep: /^facilitator\.(robustness|control)/,
    variant: {
      facilitatorSteps: {
        parseRequest: (body) => {
          const bare = typeof body === 'object' && body !== null && !Array.isArray(body) && !('x402Version' in body)
          return defaultFacilitatorSteps.parseRequest(bare ? { ...body, x402Version: null } : body)
        },
      },
    },
  },
  ...serverRobustnessVariants,
  {
    name: 'expired-retry-without-hash',
    mistake: 'a settle refused as expired does not look for the transaction that settled the authorization in time',
    grep: /^facilitator\.(robustness|control)/,
    variant: {
      facilitatorSteps: {
        findSettlement: async (ctx, payment) => {
          const expired = payment.authorization.validBefore <= BigInt(ctx.now()) + 6n
          return expired ? undefined : defaultFacilitatorSteps.findSettlement(ctx, payment)
        },
      },
    },
  },
]
