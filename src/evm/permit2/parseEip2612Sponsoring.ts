import { getAddress, isHex } from 'viem'
import type { Address, Hex } from 'viem'
import { eip2612GasSponsoringKey, type Eip2612Permit } from './eip2612Types.js'

export type ParseEip2612SponsoringReturnType =
  | { readonly ok: true; readonly permit: Eip2612Permit }
  | { readonly ok: false; readonly message: string }
  | undefined

const address = /^0x[0-9a-fA-F]{40}$/
const decimal = /^(0|[1-9][0-9]{0,77})$/
const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined

/**
 * Reads the EIP-2612 gas-sponsoring permit of a payment (`extensions.eip2612GasSponsoring.info`, upstream's
 * wire shape): `undefined` when the payment carries none, the permit, or what is malformed. Pure.
 *
 * @example
 * const sponsoring = parseEip2612Sponsoring(paymentPayload.extensions)
 */
export function parseEip2612Sponsoring(extensions: unknown): ParseEip2612SponsoringReturnType {
  const info = record(record(record(extensions)?.[eip2612GasSponsoringKey])?.['info'])
  if (info === undefined) return undefined
  const text = (name: string, pattern: RegExp): string | undefined => {
    const value = info[name]
    return typeof value === 'string' && pattern.test(value) ? value : undefined
  }
  const [from, asset, spender] = ['from', 'asset', 'spender'].map((n) => text(n, address))
  const [amount, nonce, deadline] = ['amount', 'nonce', 'deadline'].map((n) => text(n, decimal))
  const signature = info['signature']
  const version = text('version', /^[0-9]+(\.[0-9]+)*$/)
  const fields = { from, asset, spender, amount, nonce, deadline, version }
  const missing = Object.entries(fields)
    .filter(([, v]) => v === undefined)
    .map(([k]) => k)
  if (typeof signature !== 'string' || !isHex(signature) || signature.length !== 132) missing.push('signature')
  if (missing.length > 0) return { ok: false, message: `${eip2612GasSponsoringKey}.info: malformed ${missing.join(', ')}` }
  const checksum = (a: string | undefined) => getAddress(a!) as Address
  return {
    ok: true,
    permit: {
      from: checksum(from),
      asset: checksum(asset),
      spender: checksum(spender),
      amount: BigInt(amount!),
      nonce: BigInt(nonce!),
      deadline: BigInt(deadline!),
      signature: signature as Hex,
      version: version!,
    },
  }
}
