// Fault-injected variants for the attack families (spec/08-attacks.md): each is a plausible mistake that
// only an attack case catches; the grep runs that family's cases (and the controls, which must pass).
import { encodeFunctionData } from 'viem'
import type { Hex } from 'viem'
import { categoryOf } from '../../src/errors/reasons.js'
import type { ReasonCategory } from '../../src/errors/reasons.js'
import type { VerifyResult } from '../../src/evm/types.js'
import { getSettleCall } from '../../src/facilitator/evm.js'
import type { FacilitatorContext } from '../../src/facilitator/context.js'
import type { FacilitatorRequest } from '../../src/facilitator/requests.js'
import { defaultFacilitatorSteps } from '../../src/facilitator/steps.js'
import type { FacilitatorSteps } from '../../src/facilitator/steps.js'
import { defaultPaywallSteps } from '../../src/server/steps.js'
import type { Variant } from './variants.js'

type Verify = FacilitatorSteps['verify']

const nonceOf = (request: FacilitatorRequest) =>
  String((request.paymentPayload.payload as { authorization?: { nonce?: string } }).authorization?.nonce ?? '')

/**
 * Settle trusts the verdict /verify gave for the same nonce, and broadcasts with a fixed gas limit (no
 * simulation): a payment its payer undid in between is sent anyway and reverts at the facilitator's cost.
 */
function staleVerify(): Variant['variant'] {
  const verdicts = new Map<string, VerifyResult>()
  return {
    facilitatorSteps: {
      async verify(ctx, request) {
        const result = await defaultFacilitatorSteps.verify(ctx, request)
        if (result.isValid) verdicts.set(nonceOf(request), result)
        return result
      },
      verifyBeforeSettle: async (ctx, request) => verdicts.get(nonceOf(request)) ?? defaultFacilitatorSteps.verify(ctx, request),
      async broadcast(ctx, request) {
        if (!verdicts.has(nonceOf(request))) return defaultFacilitatorSteps.broadcast(ctx, request)
        const call = getSettleCall(request.paymentPayload, request.paymentRequirements)
        const data = encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args } as never)
        const fees = { maxFeePerGas: 10_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n }
        const hash: Hex = await ctx.sender.send({ to: call.address, data, gas: 300_000n, ...fees })
        return { hash }
      },
    },
  }
}

/** A verifier that waves through failures of `categories` when `when` holds. */
function ignoring(categories: readonly ReasonCategory[], when: (request: FacilitatorRequest) => boolean): Verify {
  return async (ctx: FacilitatorContext, request: FacilitatorRequest): Promise<VerifyResult> => {
    const result = await defaultFacilitatorSteps.verify(ctx, request)
    const category = result.isValid ? undefined : categoryOf(result.invalidReason)
    if (category === undefined || !categories.includes(category) || !when(request)) return result
    const from = (request.paymentPayload.payload as { authorization?: { from?: string } }).authorization?.from
    return { isValid: true, payer: (from ?? '0x0000000000000000000000000000000000000000') as `0x${string}` }
  }
}

/** The asset the harness chain plants (the Base Sepolia USDC address). */
const knownAsset = '0x036cbd53842c5426634e7929541ec2318f3dcf7e'
const unknownAsset = (request: FacilitatorRequest) => String(request.paymentRequirements.asset).toLowerCase() !== knownAsset

/** A malformed payment header makes the server throw a TypeError (500) instead of answering 400. */
function crashOnNullAccepted(value: string, version: 1 | 2) {
  const raw = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as { accepted?: { scheme?: string } }
  if (version === 2 && (raw.accepted as unknown) !== undefined) void (raw.accepted as { scheme: string }).scheme.length
  return defaultPaywallSteps.decodePayment(value, version)
}

/** `validAfter` read as a uint64: 2^64 and above wrap around, so a never-valid authorization looks current. */
const wrapsTimestamps = (request: FacilitatorRequest) => {
  const after = (request.paymentPayload.payload as { authorization?: { validAfter?: string } }).authorization?.validAfter
  return after !== undefined && /^[0-9]+$/.test(after) && BigInt(after) >= 2n ** 64n
}

/** An asset that is not an address (a symbol) is looked up instead of refused. */
const symbolAsset = (request: FacilitatorRequest) => !/^0x[0-9a-fA-F]{40}$/.test(String(request.paymentRequirements.asset))

/** Settle reuses the verify verdict for the nonce and reads only the receipt status (not its Transfer events). */
function cachedVerdictTrustedReceipt(): Variant['variant'] {
  const verdicts = new Map<string, VerifyResult>()
  return {
    facilitatorSteps: {
      async verify(ctx, request) {
        const result = await defaultFacilitatorSteps.verify(ctx, request)
        if (result.isValid) verdicts.set(nonceOf(request), result)
        return result
      },
      verifyBeforeSettle: async (ctx, request) => verdicts.get(nonceOf(request)) ?? defaultFacilitatorSteps.verify(ctx, request),
      checkTransfer: () => undefined,
      checkPaid: async () => undefined,
    },
  }
}

export const attackVariants: readonly Variant[] = [
  {
    name: 'attack-settle-on-stale-verify',
    mistake: '/settle reuses the /verify verdict for the nonce and broadcasts without simulating',
    grep: /^facilitator\.(attack-race|control)/,
    variant: staleVerify(),
  },
  {
    name: 'attack-server-trusts-settle-status',
    mistake: 'the server takes any 200 from /settle as a settlement (success: false included)',
    grep: /^server\.(attack-race|control)/,
    variant: { paywallSteps: { isSettled: (reply) => reply.status === 200 } },
  },
  {
    name: 'attack-route-get-only',
    mistake: 'the paywall protects GET and HEAD only; other methods reach the handler unpaid',
    grep: /^server\.(attack-request|control)/,
    variant: {
      paywallSteps: {
        findRoute: (routes, method, path) =>
          ['GET', 'HEAD'].includes(method.toUpperCase()) ? defaultPaywallSteps.findRoute(routes, method, path) : undefined,
      },
    },
  },
  {
    name: 'attack-signature-unknown-asset',
    mistake: "the facilitator checks signatures only for the asset it knows and leaves other tokens' to the chain",
    grep: /^facilitator\.(attack-token|control)/,
    variant: {
      facilitatorSteps: {
        verify: ignoring(['invalid_signature', 'domain'], unknownAsset),
        verifyBeforeSettle: ignoring(['invalid_signature', 'domain'], unknownAsset),
      },
    },
  },
  {
    name: 'attack-failed-transaction-is-settled',
    mistake: 'the server reads a settle that failed with transaction_failed as settled (a transaction exists)',
    grep: /^server\.(attack-hygiene|control)/,
    variant: {
      paywallSteps: {
        isSettled: (reply) =>
          reply.status === 200 &&
          (reply.body.success === true || reply.body.errorReason === 'invalid_exact_evm_transaction_failed'),
      },
    },
  },
  {
    name: 'attack-server-crash-on-null-accepted',
    mistake: 'the server reads accepted.scheme before validating the payment header (a TypeError, 500)',
    grep: /^server\.(attack-malformed|control)/,
    variant: { paywallSteps: { decodePayment: crashOnNullAccepted } },
  },
  {
    name: 'attack-facilitator-checksums-asset-first',
    mistake: 'the facilitator checksums the requirements asset with viem before validating the body (500 on "USDC")',
    grep: /^facilitator\.(attack-malformed|control|verification\.no-5xx-invalid)/,
    variant: {
      facilitatorSteps: {
        parseRequest(body) {
          const asset = (body as { paymentRequirements?: { asset?: unknown } } | null)?.paymentRequirements?.asset
          if (typeof asset === 'string' && !/^0x[0-9a-fA-F]{40}$/.test(asset))
            throw new TypeError(`Address "${asset}" is invalid.`)
          return defaultFacilitatorSteps.parseRequest(body)
        },
      },
    },
  },
  {
    name: 'attack-uint64-timestamps',
    mistake: 'the facilitator reads validAfter as a uint64, so 2^64 and above wrap to the past',
    grep: /^facilitator\.(attack-malformed|control)/,
    variant: {
      facilitatorSteps: {
        verify: ignoring(['not_yet_valid'], wrapsTimestamps),
        verifyBeforeSettle: ignoring(['not_yet_valid'], wrapsTimestamps),
      },
    },
  },
  {
    name: 'attack-asset-symbol-accepted',
    mistake: 'the facilitator waves through an asset given as a symbol ("USDC") at /verify',
    grep: /^facilitator\.(attack-malformed|control)/,
    variant: { facilitatorSteps: { verify: ignoring(['invalid_payload', 'asset_mismatch', 'domain'], symbolAsset) } },
  },
  {
    name: 'attack-cached-verdict-trusted-receipt',
    mistake: '/settle reuses the /verify verdict and trusts a successful receipt without reading its Transfer events',
    grep: /^facilitator\.(attack-race|control)/,
    variant: cachedVerdictTrustedReceipt(),
  },
]
