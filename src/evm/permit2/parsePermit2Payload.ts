import { getAddress, isAddress, isHex, zeroAddress } from 'viem'
import type { Address, Hex } from 'viem'
import type { Permit2Authorization } from './types.js'

export type ParsePermit2PayloadReturnType =
  | { readonly ok: true; readonly signature: Hex; readonly authorization: Permit2Authorization }
  | { readonly ok: false; readonly message: string }

const maxUint256 = 2n ** 256n - 1n
const decimal = /^(0|[1-9][0-9]*)$/
/** Upstream examples write an upto nonce as 0x-hex; that reads losslessly, so it is accepted. */
const hexInteger = /^0x[0-9a-fA-F]{1,64}$/

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined

/**
 * Reads the `payload` member of an exact-Permit2 or upto payment (`{ signature, permit2Authorization }`,
 * permit2.typed-data.payload) into bigints and checksummed addresses, or says what is malformed.
 * Pure: no chain, no signature check.
 *
 * @example
 * const read = parsePermit2Payload(paymentPayload.payload)
 * if (read.ok) console.log(read.authorization.permitted.amount)
 */
export function parsePermit2Payload(payload: unknown): ParsePermit2PayloadReturnType {
  const p = record(payload)
  const a = record(p?.['permit2Authorization'])
  const permitted = record(a?.['permitted'])
  const witness = record(a?.['witness'])
  if (!p || !a || !permitted || !witness) return { ok: false, message: 'payload is not { signature, permit2Authorization }' }
  const signature = p['signature']
  if (typeof signature !== 'string' || !isHex(signature) || signature.length < 4) {
    return { ok: false, message: 'signature is not a hex string' }
  }
  const problems: string[] = []
  const uint = (value: unknown, name: string, hexAllowed = false): bigint => {
    if (typeof value === 'string' && (decimal.test(value) || (hexAllowed && hexInteger.test(value)))) {
      const n = BigInt(value)
      if (n <= maxUint256) return n
    }
    problems.push(`${name} is not a uint256 as a decimal string`)
    return 0n
  }
  const address = (value: unknown, name: string): Address => {
    if (typeof value === 'string' && /^0x[0-9a-fA-F]{40}$/.test(value) && isAddress(value, { strict: false }))
      return getAddress(value)
    problems.push(`${name} is not an address`)
    return zeroAddress
  }
  const from = address(a['from'], 'from')
  const token = address(permitted['token'], 'permitted.token')
  const amount = uint(permitted['amount'], 'permitted.amount')
  const spender = address(a['spender'], 'spender')
  const nonce = uint(a['nonce'], 'nonce', true)
  const deadline = uint(a['deadline'], 'deadline')
  const to = address(witness['to'], 'witness.to')
  const validAfter = uint(witness['validAfter'], 'witness.validAfter')
  const facilitator = witness['facilitator'] === undefined ? undefined : address(witness['facilitator'], 'witness.facilitator')
  if (problems.length > 0) return { ok: false, message: problems.join('; ') }
  return {
    ok: true,
    signature,
    authorization: {
      from,
      permitted: { token, amount },
      spender,
      nonce,
      deadline,
      witness: { to, validAfter, ...(facilitator ? { facilitator } : {}) },
    },
  }
}
