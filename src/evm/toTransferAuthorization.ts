import type { Address, Hex } from 'viem'
import type { ExactEvmAuthorization } from '../types/exactEvm.js'
import type { TransferAuthorization } from './types.js'

/** Wire authorization (decimal strings) → typed-data message (bigints). Expects a schema-valid input. */
export function toTransferAuthorization(authorization: ExactEvmAuthorization): TransferAuthorization {
  return {
    from: authorization.from as Address,
    to: authorization.to as Address,
    value: BigInt(authorization.value),
    validAfter: BigInt(authorization.validAfter),
    validBefore: BigInt(authorization.validBefore),
    nonce: authorization.nonce as Hex,
  }
}

/** Typed-data message (bigints) → wire authorization (decimal strings). */
export function toWireAuthorization(authorization: TransferAuthorization): ExactEvmAuthorization {
  return {
    from: authorization.from,
    to: authorization.to,
    value: authorization.value.toString(),
    validAfter: authorization.validAfter.toString(),
    validBefore: authorization.validBefore.toString(),
    nonce: authorization.nonce,
  }
}
