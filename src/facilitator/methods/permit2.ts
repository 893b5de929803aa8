import { getAddress, isAddress } from 'viem'
import type { Hex } from 'viem'
import type { Reason } from '../../errors/reasons.js'
import { getPermit2SettleData, parseEip2612Sponsoring, parsePermit2Payload } from '../../evm/permit2/index.js'
import type { Eip2612Permit, Permit2Authorization, Permit2Kind } from '../../evm/permit2/index.js'
import type { SettleResponse } from '../../types/responses.js'
import type { FacilitatorContext } from '../context.js'
import type { VerifyResult } from '../evm.js'
import type { FacilitatorRequest } from '../requests.js'
import { settleFailure, settleSuccess } from '../responses.js'
import type { FacilitatorSteps } from '../steps.js'
import { confirmBroadcast, rememberedBroadcast } from '../confirmBroadcast.js'
import type { Broadcast } from '../confirmBroadcast.js'
import type { SettleState } from '../operations.js'
import type { TransferMethod } from './types.js'
import type { Permit2Check } from './verifyPermit2Request.js'

/** A Permit2 request read once: what the verification step is given, and the permit it carries. */
type Prepared =
  | { ok: true; check: Permit2Check; authorization: Permit2Authorization; signature: Hex; sponsoring: Eip2612Permit | undefined }
  | { ok: false; result: VerifyResult & { isValid: false } }

const invalid = (reason: Reason, message: string, payer?: string) =>
  ({
    ok: false,
    result: { isValid: false, invalidReason: reason, invalidMessage: message, ...(payer ? { payer } : {}) },
  }) as Prepared & { ok: false }

const record = (v: unknown) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {})

/** Reads the requirements, the permit and a gas-sponsoring permit of a Permit2 request; `amount` overrides the required amount. */
function prepare(ctx: FacilitatorContext, kind: Permit2Kind, request: FacilitatorRequest, amount?: 'permitted'): Prepared {
  const r = request.paymentRequirements as Record<string, unknown>
  const read = parsePermit2Payload(request.paymentPayload.payload)
  if (!read.ok) return invalid('invalid_payload', read.message)
  const payer = read.authorization.from
  const [asset, payTo] = [r['asset'], r['payTo']].map(String)
  if (!isAddress(asset!, { strict: false }) || !isAddress(payTo!, { strict: false }))
    return invalid('invalid_payment_requirements', 'asset and payTo must be addresses', payer)
  const sponsoring = parseEip2612Sponsoring((request.paymentPayload as { extensions?: unknown }).extensions)
  if (sponsoring && !sponsoring.ok) return invalid('invalid_payload', sponsoring.message, payer)
  const extra = record(r['extra'])
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined)
  const required = amount === 'permitted' ? read.authorization.permitted.amount : BigInt(String(r['amount']))
  const check: Permit2Check = {
    kind,
    payload: request.paymentPayload.payload,
    requirements: { chainId: ctx.chainId, asset: getAddress(asset!), payTo: getAddress(payTo!), amount: required },
    now: ctx.now(),
    facilitators: [ctx.account.address],
    sponsoring: sponsoring?.permit,
    tokenDomain: { name: text(extra['name']), version: text(extra['version']) },
  }
  return { ok: true, check, authorization: read.authorization, signature: read.signature, sponsoring: sponsoring?.permit }
}

const transactionFailed = (kind: Permit2Kind): Reason =>
  kind === 'upto' ? 'invalid_upto_evm_transaction_failed' : 'invalid_exact_evm_transaction_failed'

/**
 * The Permit2 transfer methods (spec/07-permit2.md): `exact` with `assetTransferMethod: permit2` (recognised by
 * its `permit2Authorization` payload) and `upto`, both v2 only. Settlement calls the scheme's proxy, through
 * `settleWithPermit` when the payment carries an EIP-2612 gas-sponsoring permit; an upto settlement charges the
 * settle-time requirements' amount, at most the permitted maximum, and sends nothing for zero.
 */
export function createPermit2Method(kind: Permit2Kind): TransferMethod {
  const verify = async (ctx: FacilitatorContext, steps: FacilitatorSteps, request: FacilitatorRequest) => {
    const prepared = prepare(ctx, kind, request)
    return prepared.ok ? steps.verifyPermit2(ctx, prepared.check) : prepared.result
  }
  return {
    name: kind === 'exact' ? 'permit2' : 'upto',
    applies: (request) =>
      request.x402Version === 2 &&
      (kind === 'upto'
        ? request.paymentRequirements.scheme === 'upto'
        : request.paymentRequirements.scheme === 'exact' && 'permit2Authorization' in request.paymentPayload.payload),
    kinds: (ctx) =>
      kind === 'upto'
        ? [{ x402Version: 2, scheme: 'upto', network: ctx.network, extra: { facilitatorAddress: ctx.account.address } }]
        : [],
    verify,
    async settle(ctx, steps, state, request) {
      const fail = (reason: Reason | 'settlement_pending', message: string, payer?: string, hash = '') =>
        settleFailure(2, reason, message, request.network, payer, hash)
      const read = parsePermit2Payload(request.paymentPayload.payload)
      if (!read.ok) return fail('invalid_payload', read.message)
      const { from, nonce } = read.authorization
      const key = `permit2:${from}:${nonce}`.toLowerCase()
      const duplicate = (first: SettleResponse) => {
        if (!first.success) return first.transaction === '' ? undefined : first
        const message = `this permit was settled by a concurrent request in transaction ${first.transaction}`
        return fail('permit2_invalid_nonce', message, from, first.transaction)
      }
      return state.gate.run(key, () => settleOnce(ctx, steps, state, kind, request, key, fail), duplicate)
    },
  }
}

type Fail = (reason: Reason | 'settlement_pending', message: string, payer?: string, hash?: string) => SettleResponse

async function settleOnce(
  ctx: FacilitatorContext,
  steps: FacilitatorSteps,
  state: SettleState,
  kind: Permit2Kind,
  request: FacilitatorRequest,
  key: string,
  fail: Fail,
): Promise<SettleResponse> {
  // upto is verified against its maximum; the settle-time requirements' amount is what is charged
  const prepared = prepare(ctx, kind, request, kind === 'upto' ? 'permitted' : undefined)
  if (!prepared.ok) return fail(prepared.result.invalidReason, prepared.result.invalidMessage, prepared.result.payer)
  const { authorization, signature, sponsoring, check } = prepared
  const payer = authorization.from
  const charge =
    kind === 'upto'
      ? steps.uptoSettlement({
          authorized: authorization.permitted.amount,
          amount: BigInt(String(request.paymentRequirements.amount)),
        })
      : ({ ok: true, amount: authorization.permitted.amount } as const)
  const broadcast = (hash: Hex, amount: bigint): Broadcast => ({
    key,
    signature,
    hash,
    payer,
    expected: { token: check.requirements.asset, from: payer, to: check.requirements.payTo, value: amount },
    failed: transactionFailed(kind),
  })
  // a repeat of a settlement answered pending reports that transaction: no re-verification, no second broadcast
  const earlier = charge.ok ? rememberedBroadcast(steps, state, key, signature) : undefined
  if (earlier && charge.ok) return confirmBroadcast(ctx, steps, state, request, broadcast(earlier, charge.amount))
  const result = await steps.verifyPermit2(ctx, check)
  if (!result.isValid) return fail(result.invalidReason, result.invalidMessage, result.payer)
  if (!charge.ok) return fail(charge.reason, charge.message, payer)
  if (charge.amount === 0n) return settleSuccess(2, '', request.network, payer, '0')
  const { to, data } = getPermit2SettleData({ kind, authorization, signature, amount: charge.amount, sponsoring })
  const sent = await steps.sendCall(ctx, to, data)
  if (!('hash' in sent)) {
    const reason = sent.reason === 'invalid_exact_evm_transaction_simulation_failed' ? 'permit2_simulation_failed' : sent.reason
    return fail(reason === 'invalid_exact_evm_transaction_failed' ? transactionFailed(kind) : reason, sent.message, payer)
  }
  ctx.log('settle.sent', { transaction: sent.hash, payer, method: kind })
  return confirmBroadcast(ctx, steps, state, request, broadcast(sent.hash, charge.amount))
}
