import { z } from 'zod'

const UINT256_MAX = 2n ** 256n - 1n

/** An EVM address: 0x and 40 hex digits, any case (checksum not enforced on the wire). */
export const EvmAddress = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected an EVM address (0x + 40 hex digits)')
export type EvmAddress = z.infer<typeof EvmAddress>

/** A 32-byte value as 0x + 64 hex digits (EIP-3009 nonce). */
export const Bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected 32 bytes as 0x + 64 hex digits')
export type Bytes32 = z.infer<typeof Bytes32>

/** Hex-encoded bytes: 0x and an even number of hex digits, at least one byte. */
export const HexBytes = z.string().regex(/^0x(?:[0-9a-fA-F]{2})+$/, 'expected hex bytes (0x + an even number of hex digits)')
export type HexBytes = z.infer<typeof HexBytes>

/**
 * A uint256 as a canonical decimal string: digits only, no sign, no leading zeros, no exponent,
 * at most 2^256 - 1 (clause `envelopes.format.uint256`).
 */
export const Uint256String = z
  .string()
  .regex(/^(?:0|[1-9][0-9]{0,77})$/, 'expected a canonical decimal integer string (digits only, no sign, no leading zeros)')
  .refine((s) => !/^[0-9]{78}$/.test(s) || BigInt(s) <= UINT256_MAX, 'exceeds 2^256 - 1')
export type Uint256String = z.infer<typeof Uint256String>

/** A CAIP-2 chain id, e.g. `eip155:84532`. */
export const Caip2 = z
  .string()
  .regex(/^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/, 'expected a CAIP-2 network id (namespace:reference)')
export type Caip2 = z.infer<typeof Caip2>

/** A non-empty string. */
export const NonEmptyString = z.string().min(1)

/** A JSON object whose keys are not constrained (extra, extensions, outputSchema, payload). */
export const OpenObject = z.record(z.string(), z.unknown())
export type OpenObject = z.infer<typeof OpenObject>

/** An optional open object; `null` on the wire means absent (clause `envelopes.null-as-absent`). */
export const OptionalOpenObject = OpenObject.nullish()

/** An optional string; `null` on the wire means absent. */
export const OptionalString = z.string().nullish()

/** Seconds, a non-negative safe integer. */
export const Seconds = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)

/** `maxTimeoutSeconds`: a safe integer of at least 1. */
export const TimeoutSeconds = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)
