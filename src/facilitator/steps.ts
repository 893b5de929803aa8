import { BaseError, encodeFunctionData } from 'viem'
import type { Address, Hex, Log, TransactionReceipt } from 'viem'
import type { Reason } from '../errors/reasons.js'
import { chainIdOf } from '../networks/registry.js'
import type { FacilitatorContext } from './context.js'
import { getDeployCall, getSettleCall, verifyExactPayment } from './evm.js'
import type { ExactPayment, VerifyResult } from './evm.js'
import { findSettlement } from './findSettlement.js'
import type { FoundSettlement } from './findSettlement.js'
import { parseFacilitatorRequest } from './requests.js'
import type { FacilitatorRequest, ParseFacilitatorRequestOptions, RequestProblem } from './requests.js'
import { createSettleGate } from './settleGate.js'
import type { SettleGate } from './settleGate.js'
import { checkTransfer } from './transfer.js'
import { checkPaid } from './checkPaid.js'
import type { ExpectedTransfer } from './transfer.js'
import { checkUptoSettleAmount } from '../evm/permit2/index.js'
import { verifyPermit2Request } from './methods/verifyPermit2Request.js'
import type { Permit2Check } from './methods/verifyPermit2Request.js'

/** A broadcast whose receipt did not arrive in time: its hash and the payment's signature. */
export type Unconfirmed = { hash: Hex; signature: Hex }

/** A rejection a step reports: a wire reason code and a message for people. */
export type Rejection = { reason: Reason; message: string }

/**
 * The facilitator is composed of these small functions; each check lives in exactly one of them.
 * A test builds a variant (e.g. a facilitator that skips the Transfer check) by replacing one:
 * `startFacilitator({ ..., steps: { checkTransfer: () => undefined } })`.
 */
export type FacilitatorSteps = {
  /** Body → request of either version, or the 400 problem. */
  parseRequest(body: unknown, options?: ParseFacilitatorRequestOptions): FacilitatorRequest | RequestProblem
  /** Is this a kind this facilitator serves (scheme `exact`, its own chain)? */
  checkKind(ctx: FacilitatorContext, request: FacilitatorRequest): Rejection | undefined
  /** Full verification: offline checks, then balance, nonce state, contract signatures, simulation. */
  verify(ctx: FacilitatorContext, request: FacilitatorRequest): Promise<VerifyResult>
  /** The re-verification `/settle` runs before broadcasting. */
  verifyBeforeSettle(ctx: FacilitatorContext, request: FacilitatorRequest): Promise<VerifyResult>
  /** Builds, estimates and broadcasts `transferWithAuthorization`; a hash, or why nothing was sent. */
  broadcast(ctx: FacilitatorContext, request: FacilitatorRequest): Promise<{ hash: Hex } | Rejection>
  /** The receipt, or `timeout` when it did not arrive in time. */
  waitForReceipt(ctx: FacilitatorContext, hash: Hex): Promise<TransactionReceipt | 'timeout'>
  /** Problem with what the receipt's logs moved, or undefined when it is exactly the payment. */
  checkTransfer(logs: readonly Log[], expected: ExpectedTransfer): string | undefined
  /** Problem with the balances after the receipt (payTo gained the amount), or undefined when paid. */
  checkPaid(ctx: FacilitatorContext, receipt: TransactionReceipt, expected: ExpectedTransfer): Promise<string | undefined>
  /** The transaction that already used this authorization (for a settle that finds its nonce used). */
  findSettlement(ctx: FacilitatorContext, payment: ExactPayment): Promise<FoundSettlement | undefined>
  /** The in-flight map (one broadcast per authorization). */
  createSettleGate(): SettleGate
  /**
   * The transaction broadcast earlier for this authorization and answered `settlement_pending` (a repeated
   * settle reports its outcome instead of broadcasting again), if any.
   */
  findUnconfirmed(unconfirmed: ReadonlyMap<string, Unconfirmed>, key: string): Unconfirmed | undefined
  /** Permit2 and upto: the full verification (offline steps, gas-sponsoring permit, allowance, balance, nonce bit, simulation). */
  verifyPermit2(ctx: FacilitatorContext, check: Permit2Check): Promise<VerifyResult>
  /** upto: what a settlement charges, given the authorized maximum and the settle-time amount, or why it is refused. */
  uptoSettlement(p: { authorized: bigint; amount: bigint }): { ok: true; amount: bigint } | ({ ok: false } & Rejection)
  /** Estimates and broadcasts one call through the nonce manager; a hash, or why nothing was sent. */
  sendCall(ctx: FacilitatorContext, to: Address, data: Hex): Promise<{ hash: Hex } | Rejection>
}

/** The reference behaviour of every step. */
export const defaultFacilitatorSteps: FacilitatorSteps = {
  parseRequest: parseFacilitatorRequest,
  checkKind(ctx, request) {
    const { scheme, network } = request.paymentRequirements
    const served = scheme === 'exact' || (scheme === 'upto' && request.x402Version === 2)
    if (!served) return { reason: 'unsupported_scheme', message: `scheme ${scheme} is not supported (exact, and upto in v2)` }
    if (chainIdOf(network) !== ctx.chainId)
      return { reason: 'invalid_network', message: `network ${network} is not served here (${ctx.network})` }
    return undefined
  },
  async verify(ctx, { read }) {
    if (!read.ok)
      return {
        isValid: false,
        invalidReason: read.reason,
        invalidMessage: read.message,
        ...(read.payer === undefined ? {} : { payer: read.payer }),
      }
    return verifyExactPayment(ctx.client, { payment: read.payment, now: ctx.now() })
  },
  verifyBeforeSettle: (ctx, request) => defaultFacilitatorSteps.verify(ctx, request),
  async broadcast(ctx, { read }) {
    if (!read.ok) return { reason: read.reason, message: read.message }
    const { payload, requirements, authorization } = read.payment
    const deploy = getDeployCall(payload)
    if (deploy) {
      const code = await ctx.client.getCode({ address: authorization.from })
      if (code === undefined || code === '0x') {
        const deployed = await sendAndWait(ctx, deploy.to, deploy.data)
        if (deployed !== undefined)
          return { reason: 'invalid_exact_evm_transaction_failed', message: `deploying the payer's wallet failed: ${deployed}` }
      }
    }
    const call = getSettleCall(payload, requirements)
    const data = encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args } as never)
    return send(ctx, call.address, data)
  },
  async waitForReceipt(ctx, hash) {
    try {
      return await ctx.client.waitForTransactionReceipt({ hash, timeout: ctx.receiptTimeoutMs, pollingInterval: 50 })
    } catch {
      return 'timeout'
    }
  },
  checkTransfer,
  checkPaid,
  findSettlement,
  createSettleGate,
  findUnconfirmed: (unconfirmed, key) => unconfirmed.get(key),
  verifyPermit2: verifyPermit2Request,
  uptoSettlement(p) {
    const check = checkUptoSettleAmount(p)
    return check.ok ? { ok: true, amount: p.amount } : check
  },
  sendCall: (ctx, to, data) => send(ctx, to, data),
}

/** Estimates and broadcasts one call through the nonce manager. */
async function send(ctx: FacilitatorContext, to: Address, data: Hex): Promise<{ hash: Hex } | Rejection> {
  let gas: bigint
  try {
    gas = await ctx.client.estimateGas({ account: ctx.account.address, to, data })
  } catch (error) {
    return {
      reason: 'invalid_exact_evm_transaction_simulation_failed',
      message: `the settlement call would fail: ${shortError(error)}`,
    }
  }
  try {
    const fees = await ctx.client.estimateFeesPerGas()
    const hash = await ctx.sender.send({
      to,
      data,
      gas: (gas * 13n) / 10n,
      maxFeePerGas: fees.maxFeePerGas * 2n,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    })
    return { hash }
  } catch (error) {
    return { reason: 'invalid_exact_evm_transaction_failed', message: `the transaction was not accepted: ${shortError(error)}` }
  }
}

/** Sends a preparatory transaction (ERC-6492 wallet deployment) and waits for it; a problem or undefined. */
async function sendAndWait(ctx: FacilitatorContext, to: Address, data: Hex): Promise<string | undefined> {
  const sent = await send(ctx, to, data)
  if (!('hash' in sent)) return sent.message
  const receipt = await defaultFacilitatorSteps.waitForReceipt(ctx, sent.hash)
  if (receipt === 'timeout') return `transaction ${sent.hash} was not confirmed in time`
  return receipt.status === 'success' ? undefined : `transaction ${sent.hash} reverted`
}

/** One line from a viem or other error. */
export function shortError(error: unknown): string {
  if (error instanceof BaseError) return error.shortMessage
  return error instanceof Error ? error.message.split('\n')[0]! : String(error)
}
