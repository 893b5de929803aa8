// Fault-injected variants for the hostile-contract family (spec/08-attacks.md, attack.contracts.*): each is a
// plausible shortcut of a facilitator that only a hostile contract on the chain exposes.
import { encodeFunctionData, isErc6492Signature, parseErc6492Signature, parseSignature, serializeSignature } from 'viem'
import type { Hex } from 'viem'
import { categoryOf } from '../../src/errors/reasons.js'
import { getSettleCall } from '../../src/facilitator/evm.js'
import type { FacilitatorContext } from '../../src/facilitator/context.js'
import type { FacilitatorRequest } from '../../src/facilitator/requests.js'
import { defaultFacilitatorSteps } from '../../src/facilitator/steps.js'
import type { FacilitatorSteps } from '../../src/facilitator/steps.js'
import type { Variant } from './variants.js'

type Verify = FacilitatorSteps['verify']

/** The request with another signature in its payload (parsed again, as the facilitator would have read it). */
function withSignature(request: FacilitatorRequest, signature: Hex): FacilitatorRequest {
  const payload = request.paymentPayload as { payload: Record<string, unknown> }
  const body = {
    x402Version: request.x402Version,
    paymentPayload: { ...request.paymentPayload, payload: { ...payload.payload, signature } },
    paymentRequirements: request.paymentRequirements,
  }
  const parsed = defaultFacilitatorSteps.parseRequest(body)
  return parsed.ok ? parsed : request
}

const signatureOf = (request: FacilitatorRequest) =>
  String((request.paymentPayload.payload as { signature?: string }).signature ?? '') as Hex

/** A verifier that verifies `rewrite(signature)` instead of the signature sent, when `rewrite` changes it. */
function verifyRewritten(rewrite: (ctx: FacilitatorContext, request: FacilitatorRequest) => Promise<Hex | undefined>): Verify {
  return async (ctx, request) => {
    const other = await rewrite(ctx, request)
    return defaultFacilitatorSteps.verify(ctx, other === undefined ? request : withSignature(request, other))
  }
}

/** secp256k1's group order. */
const curveOrder = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n

/** "Be lenient in what you accept": a high-s signature is verified as its low-s twin. */
const lowSTwin = verifyRewritten(async (_ctx, request) => {
  const signature = signatureOf(request)
  if (signature.length !== 132) return undefined
  const { r, s, yParity } = parseSignature(signature)
  if (BigInt(s) <= curveOrder / 2n) return undefined
  const low = `0x${(curveOrder - BigInt(s)).toString(16).padStart(64, '0')}` as Hex
  return serializeSignature({ r, s: low, yParity: yParity === 0 ? 1 : 0 })
})

/** "The EOA check is cheaper": an ERC-6492 wrapper around a payer without code is verified by its inner signature. */
const innerFirst = verifyRewritten(async (ctx, request) => {
  const signature = signatureOf(request)
  if (!isErc6492Signature(signature)) return undefined
  const from = (request.paymentPayload.payload as { authorization?: { from?: Hex } }).authorization?.from
  const code = from === undefined ? undefined : await ctx.client.getCode({ address: from })
  return code === undefined || code === '0x' ? parseErc6492Signature(signature).signature : undefined
})

/** Settle's re-verification waves an ERC-6492 wrapped signature through. */
const trustWrapper: FacilitatorSteps['verifyBeforeSettle'] = async (ctx, request) => {
  if (!isErc6492Signature(signatureOf(request))) return defaultFacilitatorSteps.verify(ctx, request)
  const from = (request.paymentPayload.payload as { authorization?: { from?: Hex } }).authorization?.from
  return { isValid: true, payer: from ?? '0x0000000000000000000000000000000000000000' }
}

/** Failures of `category` are waved through (verify and the re-verification of settle). */
function ignoring(category: string): Pick<FacilitatorSteps, 'verify' | 'verifyBeforeSettle'> {
  const verify: Verify = async (ctx, request) => {
    const result = await defaultFacilitatorSteps.verify(ctx, request)
    if (result.isValid || categoryOf(result.invalidReason) !== category) return result
    const from = (request.paymentPayload.payload as { authorization?: { from?: Hex } }).authorization?.from
    return { isValid: true, payer: from ?? '0x0000000000000000000000000000000000000000' }
  }
  return { verify, verifyBeforeSettle: verify }
}

/** Broadcasts `transferWithAuthorization` with a fixed gas limit: no estimate, so no simulation either. */
const broadcastFixedGas: FacilitatorSteps['broadcast'] = async (ctx, request) => {
  const call = getSettleCall(request.paymentPayload, request.paymentRequirements)
  const data = encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args } as never)
  const fees = { maxFeePerGas: 10_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n }
  return { hash: await ctx.sender.send({ to: call.address, data, gas: 300_000n, ...fees }) }
}

const grep = /^facilitator\.(attack-contracts|control)/

export const contractVariants: readonly Variant[] = [
  {
    name: 'trust-transfer-event',
    mistake: 'a settlement is judged by its Transfer event alone, never by the balances it left',
    grep,
    variant: { facilitatorSteps: { checkPaid: async () => undefined } },
  },
  {
    name: 'receipt-status-is-settled',
    mistake: 'a successful receipt is a settlement: neither its logs nor the balances are read',
    grep,
    variant: { facilitatorSteps: { checkTransfer: () => undefined, checkPaid: async () => undefined } },
  },
  {
    name: 'verify-skips-simulation',
    mistake: '/verify trusts its own checks and reads a failed simulation as RPC noise (settle still simulates)',
    grep,
    variant: { facilitatorSteps: { verify: ignoring('transaction_failed').verify } },
  },
  {
    name: 'broadcast-unsimulated',
    mistake: 'a failed simulation is read as RPC noise and the transfer is sent with a fixed gas limit',
    grep,
    variant: { facilitatorSteps: { ...ignoring('transaction_failed'), broadcast: broadcastFixedGas } },
  },
  {
    name: 'no-code-asset-valid',
    mistake: 'an asset the chain cannot read (no code) is not a reason to refuse',
    grep,
    variant: { facilitatorSteps: ignoring('asset_mismatch') },
  },
  {
    name: 'erc6492-inner-first',
    mistake:
      "an ERC-6492 wrapper is verified by its inner EOA signature, then its factory call is sent with the facilitator's key",
    grep,
    variant: { facilitatorSteps: { verify: innerFirst, verifyBeforeSettle: innerFirst } },
  },
  {
    name: 'settle-trusts-wrapper',
    mistake:
      "settle skips re-verifying an ERC-6492 payment (the deployment will prove the wallet) and deploys with the facilitator's key",
    grep,
    variant: { facilitatorSteps: { verifyBeforeSettle: trustWrapper } },
  },
  {
    name: 'lenient-high-s',
    mistake: 'a high-s signature is verified as its low-s twin, but the token is sent the one it refuses',
    grep,
    variant: { facilitatorSteps: { verify: lowSTwin, verifyBeforeSettle: lowSTwin } },
  },
]

/** The server's fetch to its facilitator, with each JSON answer body passed through `rewrite`. */
function rewritingFetch(rewrite: (body: Record<string, unknown>) => void): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init)
    const text = await response.text()
    let body: Record<string, unknown>
    try {
      body = JSON.parse(text) as Record<string, unknown>
    } catch {
      return new Response(text, { status: response.status, headers: response.headers })
    }
    rewrite(body)
    return new Response(JSON.stringify(body), { status: response.status, headers: response.headers })
  }
}

/** A facilitator answer read leniently: a `success` or `isValid` that is not a boolean becomes one. */
const lenientFetch = rewritingFetch((body) => {
  for (const key of ['success', 'isValid']) if (key in body && typeof body[key] !== 'boolean') body[key] = Boolean(body[key])
})

/** A settle answer whose `success` is not a boolean is read as a refusal. */
const unreadableIsRefusal = rewritingFetch((body) => {
  if ('success' in body && typeof body['success'] !== 'boolean')
    Object.assign(body, { success: false, errorReason: 'unreadable' })
})

/**
 * The plain-URL family: a server under test, started on its own with its facilitator at the port the harness
 * listens on (`--hostile-facilitator-port`), caught by the hostile-facilitator cases.
 */
export const plainUrlVariants: readonly Variant[] = [
  {
    name: 'lenient-verdict-types',
    mistake:
      'the server reads its facilitator\'s `success` and `isValid` as truthy, so `"success": 1` with a made-up hash is served',
    grep: /^server\.(attack-race\.success-as-number|control\.)/,
    variant: { paywallFetch: lenientFetch },
  },
  {
    name: 'unreadable-settle-is-refusal',
    mistake: 'a settle answer it cannot read is a refusal: a 402 after a real charge invites a second payment',
    grep: /^server\.(attack-race\.settled-as-string|control\.)/,
    variant: { paywallFetch: unreadableIsRefusal },
  },
  {
    name: 'settle-status-is-verdict',
    mistake: 'the server reads a 200 to its settle as settled, whatever the body says',
    grep: /^server\.(attack-race\.(cancel|drain)-before-settle|control\.)/,
    variant: { paywallSteps: { isSettled: (reply) => reply.status === 200 } },
  },
]
