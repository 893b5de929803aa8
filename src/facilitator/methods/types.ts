import type { Hex } from 'viem'
import type { SettleResponse } from '../../types/responses.js'
import type { FacilitatorContext } from '../context.js'
import type { VerifyResult } from '../evm.js'
import type { SettleState } from '../operations.js'
import type { FacilitatorRequest } from '../requests.js'
import type { FacilitatorSteps } from '../steps.js'
import { shortError } from '../steps.js'

/** How a payment moves the tokens: EIP-3009 `transferWithAuthorization`, or a Permit2 witness transfer (exact or upto). */
export type TransferMethodName = 'eip3009' | 'permit2' | 'upto'

/** A kind a method adds to `GET /supported`. */
export type MethodKind = {
  x402Version: 1 | 2
  scheme: 'exact' | 'upto'
  network: string
  extra?: Record<string, unknown>
}

/**
 * One transfer method of the facilitator. `/verify` and `/settle` parse the body, check the kind, then hand
 * the request to the first method that `applies`; everything specific to how tokens move lives behind this.
 */
export type TransferMethod = {
  readonly name: TransferMethodName
  /** True when the request is paid with this method. */
  applies(request: FacilitatorRequest): boolean
  /** The kinds this method serves on the facilitator's chain (the `/supported` rows it adds). */
  kinds(ctx: FacilitatorContext): MethodKind[]
  /** The full verification of a request of this method. */
  verify(ctx: FacilitatorContext, steps: FacilitatorSteps, request: FacilitatorRequest): Promise<VerifyResult>
  /** Re-verifies, broadcasts once per authorization, waits for the receipt and checks what it moved. */
  settle(
    ctx: FacilitatorContext,
    steps: FacilitatorSteps,
    state: SettleState,
    request: FacilitatorRequest,
  ): Promise<SettleResponse>
}

/** A failure after a transaction was broadcast (any method): the answer must still name it. */
export class AfterBroadcast extends Error {
  constructor(
    readonly hash: Hex,
    override readonly cause: unknown,
  ) {
    super(`after broadcasting ${hash}: ${shortError(cause)}`)
  }
}
