import { getAddress, isAddress, toHex } from 'viem'
import type { Hex } from 'viem'
import type { Requirements } from '../codecs/normalize.js'
import { UnpayableRequirementsError } from '../errors/input.js'
import type { PaymentPayloadV1 } from '../types/v1.js'
import type { PaymentPayloadV2, PaymentRequirementsV2, ResourceInfo } from '../types/v2.js'
import { validAfterBackdateSeconds } from './constants.js'
import { resolveDomain } from './resolveDomain.js'
import { signAuthorization } from './signAuthorization.js'
import { toWireAuthorization } from './toTransferAuthorization.js'
import type { TransferAuthorization, TypedDataSigner } from './types.js'

export type CreatePaymentParameters = {
  readonly account: TypedDataSigner
  /** The requirements the client chose (either version, through the adapter). */
  readonly requirements: Requirements
  /** Clock in unix seconds; defaults to the wall clock. */
  readonly now?: () => number
  /** 32 random bytes; defaults to `crypto.getRandomValues`. */
  readonly nonce?: () => Hex
  /** Defaults to `now - 600` (not below 0). */
  readonly validAfter?: bigint
  /** Defaults to `now + maxTimeoutSeconds`. */
  readonly validBefore?: bigint
  /** v2 only: the resource the payment is for; defaults to the requirements' resource. */
  readonly resource?: ResourceInfo
  /** Replaces fields of the authorization before signing (for building deliberately wrong payments). */
  readonly overrides?: Partial<TransferAuthorization>
}
export type CreatePaymentReturnType = PaymentPayloadV1 | PaymentPayloadV2
export type CreatePaymentErrorType = UnpayableRequirementsError

const wallClock = (): number => Math.floor(Date.now() / 1000)
const randomNonce = (): Hex => toHex(crypto.getRandomValues(new Uint8Array(32)))

/**
 * Builds and signs an exact-EVM payment for the chosen requirements and returns the payload of the
 * requirements' protocol version (v1: `scheme`/`network` at the top; v2: `accepted` = the
 * requirements as offered, plus `resource`). Throws an {@link UnpayableRequirementsError} when the requirements
 * cannot be paid with the exact scheme on EVM (no chain, no EIP-712 domain, `payTo` not an address).
 *
 * @example
 * const payment = await createPayment({ account, requirements: fromRequirementsV2(accepts[0], resource) })
 */
export async function createPayment(parameters: CreatePaymentParameters): Promise<CreatePaymentReturnType> {
  const { account, requirements, now = wallClock, nonce = randomNonce, resource = requirements.resource, overrides } = parameters
  if (requirements.scheme !== 'exact')
    throw new UnpayableRequirementsError({
      problem: `scheme ${requirements.scheme} is not exact`,
      clause: 'exact-evm.verify.scheme-supported',
    })
  if (!isAddress(requirements.payTo, { strict: false }))
    throw new UnpayableRequirementsError({
      problem: 'payTo is not an EVM address',
      details: requirements.payTo,
      clause: 'exact-evm.client.to-pay-to',
    })
  const domain = resolveDomain(requirements)
  const t = BigInt(now())
  const backdated = t - BigInt(validAfterBackdateSeconds)
  const authorization: TransferAuthorization = {
    from: account.address,
    to: getAddress(requirements.payTo),
    value: BigInt(requirements.amount),
    validAfter: parameters.validAfter ?? (backdated > 0n ? backdated : 0n),
    validBefore: parameters.validBefore ?? t + BigInt(requirements.maxTimeoutSeconds),
    nonce: nonce(),
    ...overrides,
  }
  const signature = await signAuthorization({ account, domain, authorization })
  const payload = { signature, authorization: toWireAuthorization(authorization) }
  if (requirements.x402Version === 1) {
    return { x402Version: 1, scheme: requirements.scheme, network: requirements.wireNetwork, payload }
  }
  return {
    x402Version: 2,
    ...(resource === undefined ? {} : { resource }),
    accepted: requirements.wire as PaymentRequirementsV2,
    payload,
  }
}
