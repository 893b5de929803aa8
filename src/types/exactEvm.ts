import { z } from 'zod'
import { Bytes32, EvmAddress, HexBytes, Uint256String } from './primitives.js'

/** The EIP-3009 authorization carried in an exact-EVM payment (all integers as decimal strings). Closed. */
export const ExactEvmAuthorization = z.strictObject({
  from: EvmAddress,
  to: EvmAddress,
  value: Uint256String,
  validAfter: Uint256String,
  validBefore: Uint256String,
  nonce: Bytes32,
})
export type ExactEvmAuthorization = z.infer<typeof ExactEvmAuthorization>

/** The `payload` of an exact-EVM (EIP-3009) payment: signature and authorization. Closed. */
export const ExactEvmPayload = z.strictObject({
  signature: HexBytes,
  authorization: ExactEvmAuthorization,
})
export type ExactEvmPayload = z.infer<typeof ExactEvmPayload>
