import { isAddress } from 'viem'
import type { Address, Hex } from 'viem'
import { decodeBase64Json } from '../../src/codecs/base64Json.js'
import { hashTransferAuthorization, recoverSigner } from '../../src/evm/index.js'

/** The authorization a client signed, as numbers. */
export type SignedAuthorization = {
  readonly from: Address
  readonly to: Address
  readonly value: bigint
  readonly validAfter: bigint
  readonly validBefore: bigint
  readonly nonce: Hex
}

/** A payment header the harness received, decoded as far as it goes. */
export type SeenPayment = {
  /** The header it came in (lower case). */
  readonly header: 'x-payment' | 'payment-signature'
  /** The decoded JSON, when the value is base64 JSON. */
  readonly payload: Record<string, unknown> | undefined
  readonly authorization: SignedAuthorization | undefined
  readonly signature: Hex | undefined
  /** Why the header could not be read as an exact-EVM payment. */
  readonly problem: string | undefined
}

/** The EIP-712 domain an offer asks for. */
export type OfferDomain = { chainId: number; asset: Address; name: string; version: string }

const uint = (v: unknown): bigint | undefined => {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v)
  return typeof v === 'string' && /^[0-9]{1,78}$/.test(v) ? BigInt(v) : undefined
}

/** Reads the payment header of a request (`X-PAYMENT` or `PAYMENT-SIGNATURE`), or undefined when it has none. */
export function readSeenPayment(headers: Record<string, string>): SeenPayment | undefined {
  const header: SeenPayment['header'] | undefined =
    headers['payment-signature'] !== undefined
      ? 'payment-signature'
      : headers['x-payment'] !== undefined
        ? 'x-payment'
        : undefined
  if (header === undefined) return undefined
  const none = { header, authorization: undefined, signature: undefined }
  let payload: Record<string, unknown>
  try {
    const json = decodeBase64Json(headers[header]!, header)
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      return { ...none, payload: undefined, problem: 'not a JSON object' }
    payload = json as Record<string, unknown>
  } catch (error) {
    return { ...none, payload: undefined, problem: (error as Error).message }
  }
  const inner = payload['payload'] as { authorization?: Record<string, unknown>; signature?: unknown } | undefined
  const a = inner?.authorization
  const signature =
    typeof inner?.signature === 'string' && /^0x[0-9a-fA-F]*$/.test(inner.signature) ? (inner.signature as Hex) : undefined
  const [value, validAfter, validBefore] = [uint(a?.['value']), uint(a?.['validAfter']), uint(a?.['validBefore'])]
  const nonce = typeof a?.['nonce'] === 'string' && /^0x[0-9a-fA-F]{64}$/.test(a['nonce']) ? (a['nonce'] as Hex) : undefined
  const from = a?.['from']
  const to = a?.['to']
  if (
    typeof from !== 'string' ||
    !isAddress(from, { strict: false }) ||
    typeof to !== 'string' ||
    !isAddress(to, { strict: false })
  )
    return { ...none, payload, signature, problem: 'the authorization has no valid from/to addresses' }
  if (value === undefined || validAfter === undefined || validBefore === undefined || nonce === undefined)
    return { ...none, payload, signature, problem: 'the authorization has no valid value, window or nonce' }
  return { header, payload, signature, problem: undefined, authorization: { from, to, value, validAfter, validBefore, nonce } }
}

/** The address that signed the payment's authorization under `domain`, recovered offline (lower case), or undefined. */
export function signerUnder(payment: SeenPayment, domain: OfferDomain): Address | undefined {
  if (payment.authorization === undefined || payment.signature === undefined) return undefined
  const { chainId, asset, name, version } = domain
  const digest = hashTransferAuthorization({ chainId, verifyingContract: asset, name, version }, payment.authorization)
  const recovered = recoverSigner(digest, payment.signature)
  return recovered.ok ? recovered.address : undefined
}

/** A payment for the report: numbers as strings. */
export function describePayment(payment: SeenPayment): Record<string, unknown> {
  const a = payment.authorization
  return {
    header: payment.header,
    ...(a
      ? { authorization: { ...a, value: `${a.value}`, validAfter: `${a.validAfter}`, validBefore: `${a.validBefore}` } }
      : {}),
    ...(payment.problem ? { problem: payment.problem } : {}),
    ...(payment.payload && 'accepted' in payment.payload ? { accepted: payment.payload['accepted'] } : {}),
  }
}
