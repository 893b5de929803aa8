// Fault-injected facilitators for checks that became stronger: each mistake below passed the old
// form of its case (verify only; mining on send; a replay of the very same signature) and is caught
// by the new one. The mutation check (mutation.test.ts) runs them like the variants in variants.ts.
import { encodeFunctionData } from 'viem'
import type { TransactionReceipt } from 'viem'
import { categoryOf } from '../../src/errors/reasons.js'
import type { FacilitatorContext } from '../../src/facilitator/context.js'
import { getSettleCall } from '../../src/facilitator/evm.js'
import type { FacilitatorRequest } from '../../src/facilitator/requests.js'
import { defaultFacilitatorSteps } from '../../src/facilitator/steps.js'
import type { Variant } from './variants.js'

const signatureOf = (request: FacilitatorRequest) => String((request.paymentPayload.payload as { signature?: unknown }).signature)

/** Sends the settlement call without estimating it first (an estimate would refuse what the token will revert). */
async function broadcastUnchecked(ctx: FacilitatorContext, request: FacilitatorRequest) {
  const call = getSettleCall(request.paymentPayload, request.paymentRequirements)
  const data = encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args } as never)
  const fees = { maxFeePerGas: 10_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n }
  const hash = await ctx.sender.send({ to: call.address, data, gas: 300_000n, ...fees })
  return { hash }
}

/** Remembers the signatures it settled and trusts that memory instead of the token's nonce state. */
function replayCacheOnly(): Variant['variant'] {
  const settled = new Set<string>()
  const verify = async (ctx: FacilitatorContext, request: FacilitatorRequest) => {
    const result = await defaultFacilitatorSteps.verify(ctx, request)
    if (result.isValid || categoryOf(result.invalidReason) !== 'nonce_used' || settled.has(signatureOf(request))) return result
    return { isValid: true as const, payer: result.payer ?? ('0x0000000000000000000000000000000000000000' as const) }
  }
  return {
    facilitatorSteps: {
      verify,
      verifyBeforeSettle: verify,
      broadcast: async (ctx, request) => (settled.add(signatureOf(request)), broadcastUnchecked(ctx, request)),
    },
  }
}

const knownRequirementMembers = new Set([
  ...['scheme', 'network', 'maxAmountRequired', 'amount', 'resource', 'description'],
  ...['mimeType', 'outputSchema', 'payTo', 'maxTimeoutSeconds', 'asset', 'extra'],
])

/** Settles only what a stricter re-parse accepts: no unknown requirement members, accepted addresses byte-equal. */
const strictSettleParser: Variant['variant'] = {
  facilitatorSteps: {
    async verifyBeforeSettle(ctx, request) {
      const requirements = request.paymentRequirements as Record<string, unknown>
      const accepted = (request.paymentPayload as { accepted?: Record<string, unknown> }).accepted
      const unknown = Object.keys(requirements).filter((k) => !knownRequirementMembers.has(k))
      const onlyCase = (key: string) => {
        const [a, r] = [String(accepted?.[key]), String(requirements[key])]
        return accepted !== undefined && a !== r && a.toLowerCase() === r.toLowerCase()
      }
      const caseDiffers = onlyCase('payTo') || onlyCase('asset')
      const refusal = {
        isValid: false,
        invalidReason: 'invalid_payload',
        invalidMessage: 'strict re-parse before settling',
      } as const
      if (unknown.length > 0 || caseDiffers) return refusal
      return defaultFacilitatorSteps.verifyBeforeSettle(ctx, request)
    },
  },
}

/** Reads the authorization value with BigInt before any check: anything but a decimal string throws (500). */
const crashOnNonDecimalValue: Variant['variant'] = {
  facilitatorSteps: {
    parseRequest(body) {
      const value = (body as { paymentPayload?: { payload?: { authorization?: { value?: unknown } } } })?.paymentPayload?.payload
        ?.authorization?.value
      if (typeof value === 'string') BigInt(value)
      return defaultFacilitatorSteps.parseRequest(body)
    },
  },
}

/**
 * Broadcasts without a nonce manager, as a facilitator that lets its client fill the nonce: reads the pending
 * count, spends a moment, then signs with it. Concurrent settles of distinct payments take the same nonce and
 * all but one fail.
 */
export const noNonceManager: Variant['variant'] = {
  facilitatorSteps: {
    async broadcast(ctx, request) {
      const call = getSettleCall(request.paymentPayload, request.paymentRequirements)
      const data = encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args } as never)
      try {
        const gas = await ctx.client.estimateGas({ account: ctx.account.address, to: call.address, data })
        const nonce = await ctx.client.getTransactionCount({ address: ctx.account.address, blockTag: 'pending' })
        await new Promise((r) => setTimeout(r, 25))
        const fees = { maxFeePerGas: 10_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n }
        const tx = { to: call.address, data, gas: (gas * 13n) / 10n, nonce, chainId: ctx.chainId, ...fees }
        const raw = await ctx.account.signTransaction({ ...tx, type: 'eip1559', value: 0n })
        return { hash: await ctx.client.sendRawTransaction({ serializedTransaction: raw }) }
      } catch (error) {
        return { reason: 'invalid_exact_evm_transaction_failed', message: String(error).split('\n')[0] ?? '' }
      }
    },
  },
}

export const facilitatorVariants: readonly Variant[] = [
  {
    name: 'crash-on-non-decimal-value',
    mistake: 'the facilitator answers 500 to an authorization value such as "1e4" (the per-format cases are SHOULD now)',
    grep: /^facilitator\.(amount|verification\.no-5xx|control)/,
    variant: crashOnNonDecimalValue,
  },
  {
    name: 'answer-on-broadcast',
    mistake: '/settle answers success as soon as the transaction is sent, before any receipt',
    grep: /^facilitator\.(settle\.receipt-before-answer|control)/,
    variant: {
      facilitatorSteps: {
        waitForReceipt: async () => ({ status: 'success', logs: [] }) as unknown as TransactionReceipt,
        checkTransfer: () => undefined,
      },
    },
  },
  {
    name: 'replay-cache-only',
    mistake: 'the facilitator refuses only signatures it settled itself, not nonces the token has used',
    grep: /^facilitator\.(nonce\.replay-to-other-payee|control)/,
    variant: replayCacheOnly(),
  },
  {
    name: 'strict-settle-parser',
    mistake: '/settle re-parses more strictly than /verify: unknown members or address case make it refuse what verified',
    grep: /^facilitator\.(envelopes|match|control)/,
    variant: strictSettleParser,
  },
  {
    name: 'no-nonce-manager',
    mistake: 'the facilitator reads its pending nonce for each settle: concurrent settles of distinct payments collide',
    grep: /^facilitator\.(nonce\.distinct-concurrent|control)/,
    variant: noNonceManager,
  },
]
