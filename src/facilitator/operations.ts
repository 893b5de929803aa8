import { getAddress } from 'viem'
import type { Hex } from 'viem'
import type { Reason } from '../errors/reasons.js'
import type { FacilitatorContext } from './context.js'
import type { ExactPayment } from './evm.js'
import type { FacilitatorRequest } from './requests.js'
import { settleFailure, verifyInvalid, verifyValid } from './responses.js'
import { createEip3009Method, permit2Methods, selectMethod } from './methods/index.js'
import { AfterBroadcast } from './methods/types.js'
import type { TransferMethod } from './methods/index.js'
import type { SettleResponse, VerifyResponse } from '../types/responses.js'
import type { SettleGate } from './settleGate.js'
import { confirmBroadcast, rememberedBroadcast } from './confirmBroadcast.js'
import type { Broadcast } from './confirmBroadcast.js'
import type { FacilitatorSteps, Unconfirmed } from './steps.js'
import { shortError } from './steps.js'

/** An answer of the facilitator: HTTP status and JSON body. */
export type Answer<T> = { status: number; body: T }

/** `POST /verify`: 400 for a body that is not a request, 200 with the verdict otherwise. */
export async function verifyOperation(
  ctx: FacilitatorContext,
  steps: FacilitatorSteps,
  body: unknown,
): Promise<Answer<VerifyResponse>> {
  const request = steps.parseRequest(body)
  if (!request.ok)
    return { status: 400, body: verifyInvalid(request.x402Version, request.reason, request.message, request.payer) }
  const kind = steps.checkKind(ctx, request)
  if (kind) return { status: 200, body: verifyInvalid(request.x402Version, kind.reason, kind.message, request.payer) }
  try {
    const result = await selectMethod(transferMethods, request).verify(ctx, steps, request)
    ctx.log('verify', { valid: result.isValid, reason: result.isValid ? undefined : result.invalidReason, payer: result.payer })
    if (result.isValid) return { status: 200, body: verifyValid(result.payer) }
    const status = result.invalidReason === 'unexpected_verify_error' ? 502 : 200
    return {
      status,
      body: verifyInvalid(request.x402Version, result.invalidReason, result.invalidMessage, result.payer ?? request.payer),
    }
  } catch (error) {
    ctx.log('verify.error', { message: shortError(error) })
    return {
      status: 502,
      body: verifyInvalid(
        request.x402Version,
        'unexpected_verify_error',
        `verification could not complete: ${shortError(error)}`,
        request.payer,
      ),
    }
  }
}

/** State a facilitator keeps between settlements. */
export type SettleState = {
  gate: SettleGate
  /** Authorizations whose transaction was broadcast but not confirmed in time: key → hash and signature. */
  unconfirmed: Map<string, Unconfirmed>
}

/**
 * `POST /settle`: re-verify (offline and on chain), broadcast once per authorization, wait for the
 * receipt, check the Transfer it emitted. A broadcast transaction is always reported with its hash.
 */
export async function settleOperation(
  ctx: FacilitatorContext,
  steps: FacilitatorSteps,
  state: SettleState,
  body: unknown,
): Promise<Answer<SettleResponse>> {
  const request = steps.parseRequest(body)
  if (!request.ok) {
    return {
      status: 400,
      body: settleFailure(request.x402Version, request.reason, request.message, request.network ?? ctx.network, request.payer),
    }
  }
  const v = request.x402Version
  const fail: Fail = (reason, message, payer = request.payer, hash = '') =>
    settleFailure(v, reason, message, request.network, payer, hash)
  const kind = steps.checkKind(ctx, request)
  if (kind) return { status: 200, body: fail(kind.reason, kind.message) }
  try {
    const body = await selectMethod(transferMethods, request).settle(ctx, steps, state, request)
    return { status: 200, body }
  } catch (error) {
    ctx.log('settle.error', { message: shortError(error) })
    const hash = error instanceof AfterBroadcast ? error.hash : ''
    const cause = error instanceof AfterBroadcast ? error.cause : error
    const sent = hash === '' ? '' : ` after broadcasting transaction ${hash}`
    return {
      status: 502,
      body: fail('unexpected_settle_error', `settlement could not complete${sent}: ${shortError(cause)}`, request.payer, hash),
    }
  }
}

/** The EIP-3009 settlement: one broadcast per authorization key (token, payer, nonce). */
async function settleEip3009(
  ctx: FacilitatorContext,
  steps: FacilitatorSteps,
  state: SettleState,
  request: FacilitatorRequest,
): Promise<SettleResponse> {
  const fail: Fail = (reason, message, payer = request.payer, hash = '') =>
    settleFailure(request.x402Version, reason, message, request.network, payer, hash)
  const key = authorizationKey(request)
  const run = () => settleOnce(ctx, steps, state, request, key, fail)
  return key === undefined ? run() : state.gate.run(key, run, (first) => duplicateAnswer(first, fail))
}

/** The transfer methods, in the order they are tried: Permit2 (exact and upto), then EIP-3009 for the rest. */
export const transferMethods: readonly TransferMethod[] = [...permit2Methods, createEip3009Method(settleEip3009)]

/**
 * `settlement_pending` (the upstream spelling, category transaction_failed) is the non-terminal answer
 * for a broadcast whose receipt did not arrive in time: a retry reports that transaction, never a second one.
 */
type SettleReason = Reason | 'settlement_pending'
type Fail = (reason: SettleReason, message: string, payer?: string, hash?: string) => SettleResponse

async function settleOnce(
  ctx: FacilitatorContext,
  steps: FacilitatorSteps,
  state: SettleState,
  request: FacilitatorRequest,
  key: string | undefined,
  fail: Fail,
): Promise<SettleResponse> {
  const earlier = request.read.ok ? rememberedBroadcast(steps, state, key, request.read.payment.signature) : undefined
  if (earlier) return confirmBroadcast(ctx, steps, state, request, broadcastOf(request, key, earlier, request.payer ?? ''))
  const result = await steps.verifyBeforeSettle(ctx, request)
  if (!result.isValid && result.invalidReason === 'unexpected_verify_error') throw new Error(result.invalidMessage)
  if (!result.isValid) {
    const refusal = fail(result.invalidReason, result.invalidMessage, result.payer ?? request.payer)
    // a retry can come after validBefore: expiry is checked before the nonce, and must not hide a settlement
    const mayBeSettled = result.invalidReason === 'invalid_exact_evm_nonce_already_used' || result.invalidReason === expiredReason
    return mayBeSettled && request.read.ok ? alreadyUsed(ctx, steps, request.read.payment, fail, refusal) : refusal
  }
  const sent = await steps.broadcast(ctx, request)
  if (!('hash' in sent)) {
    ctx.log('settle.not-sent', { reason: sent.reason, message: sent.message, payer: result.payer })
    return fail(sent.reason, sent.message, result.payer)
  }
  ctx.log('settle.sent', { transaction: sent.hash, payer: result.payer })
  return confirmBroadcast(ctx, steps, state, request, broadcastOf(request, key, sent.hash, result.payer))
}

/** An EIP-3009 broadcast as {@link confirmBroadcast} checks it: exactly the required amount from the payer to payTo. */
function broadcastOf(request: FacilitatorRequest, key: string | undefined, hash: Hex, payer: string): Broadcast {
  if (!request.read.ok) throw new Error('a settlement was broadcast for a payment that was never read')
  const { requirements, authorization, signature } = request.read.payment
  const expected = {
    token: getAddress(requirements.asset),
    from: authorization.from,
    to: getAddress(requirements.payTo),
    value: BigInt(requirements.amount),
  }
  return { key, signature, hash, payer, expected, failed: 'invalid_exact_evm_transaction_failed' }
}

const expiredReason = 'invalid_exact_evm_payload_authorization_valid_before'

/**
 * A settle refused for a used nonce (or an expired authorization, which may have been settled in time)
 * names the transaction that used it and whether it paid these requirements; without one, `refusal` stands.
 */
async function alreadyUsed(
  ctx: FacilitatorContext,
  steps: FacilitatorSteps,
  payment: ExactPayment,
  fail: Fail,
  refusal: SettleResponse,
): Promise<SettleResponse> {
  const { payer } = payment
  const found = await steps.findSettlement(ctx, payment)
  if (found === undefined) return refusal
  ctx.log('settle.already-used', {
    transaction: found.hash,
    payer,
    paid: found.problem === undefined,
  })
  const reason = 'invalid_exact_evm_nonce_already_used'
  if (found.problem === undefined)
    return fail(
      reason,
      `this authorization was already settled in transaction ${found.hash}, which paid these requirements`,
      payer,
      found.hash,
    )
  return fail(
    reason,
    `this authorization was used by transaction ${found.hash}, which did not pay these requirements: ${found.problem}`,
    payer,
    found.hash,
  )
}

/**
 * What a concurrent duplicate of a settlement answers: one payment pays for one request, a broadcast
 * failure is shared, and after a failure that broadcast nothing the duplicate settles on its own.
 */
function duplicateAnswer(first: SettleResponse, fail: Fail): SettleResponse | undefined {
  if (!first.success) return first.transaction === '' ? undefined : first
  const message = `this authorization was settled by a concurrent request in transaction ${first.transaction}`
  return fail('invalid_exact_evm_nonce_already_used', message, first.payer ?? undefined, first.transaction)
}

/** token + from + nonce, lower-case: the identity of an EIP-3009 authorization. */
export function authorizationKey({ read }: FacilitatorRequest): string | undefined {
  if (!read.ok) return undefined
  const { requirements, authorization } = read.payment
  return `${requirements.asset}:${authorization.from}:${authorization.nonce}`.toLowerCase()
}
