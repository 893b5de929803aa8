import type { PaymentPayloadV1, PaymentRequirementsV1 } from '../types/v1.js'
import type { PaymentPayloadV2, PaymentRequirementsV2, ResourceInfo } from '../types/v2.js'
import { chainIdOf, findEvmNetwork } from '../networks/registry.js'

/**
 * Payment requirements in the one shape logic downstream is written against, whatever the protocol
 * version on the wire. `network` is CAIP-2 where the wire name is a known EVM network.
 */
export type Requirements = {
  readonly x402Version: 1 | 2
  readonly scheme: string
  /** CAIP-2 id (`eip155:84532`) where known; otherwise the wire value unchanged. */
  readonly network: string
  /** The network exactly as it was on the wire (a v1 name or a CAIP-2 id). */
  readonly wireNetwork: string
  readonly chainId: number | undefined
  /** Atomic amount as a canonical decimal string (v1 `maxAmountRequired`, v2 `amount`). */
  readonly amount: string
  readonly asset: string
  readonly payTo: string
  readonly maxTimeoutSeconds: number
  readonly extra: Readonly<Record<string, unknown>> | undefined
  readonly resource: ResourceInfo | undefined
  /** The wire object this was read from. */
  readonly wire: PaymentRequirementsV1 | PaymentRequirementsV2
}

/** A payment payload in one shape; `accepted` is present for v2 only. */
export type Payment = {
  readonly x402Version: 1 | 2
  readonly scheme: string
  readonly network: string
  readonly wireNetwork: string
  readonly chainId: number | undefined
  readonly accepted: Requirements | undefined
  readonly resource: ResourceInfo | undefined
  readonly payload: Readonly<Record<string, unknown>>
  readonly extensions: Readonly<Record<string, unknown>> | undefined
  readonly wire: PaymentPayloadV1 | PaymentPayloadV2
}

/** CAIP-2 for a known v1 name; any other value is returned unchanged. */
export function toCaip2(network: string): string {
  if (network.startsWith('eip155:')) return network
  return findEvmNetwork(network)?.caip2 ?? network
}

/** The v1 name of a CAIP-2 id, or `undefined` where v1 has no name for it. */
export function toV1Network(network: string): string | undefined {
  if (!network.includes(':')) return network
  return findEvmNetwork(network)?.v1Name ?? undefined
}

/** Reads v1 requirements into the one shape. */
export function fromRequirementsV1(r: PaymentRequirementsV1): Requirements {
  return {
    x402Version: 1,
    scheme: r.scheme,
    network: toCaip2(r.network),
    wireNetwork: r.network,
    chainId: chainIdOf(r.network),
    amount: r.maxAmountRequired,
    asset: r.asset,
    payTo: r.payTo,
    maxTimeoutSeconds: r.maxTimeoutSeconds,
    extra: r.extra ?? undefined,
    resource: { url: r.resource, description: r.description, mimeType: r.mimeType },
    wire: r,
  }
}

/** Reads v2 requirements (and the resource of the challenge or payload they came in) into the one shape. */
export function fromRequirementsV2(r: PaymentRequirementsV2, resource?: ResourceInfo): Requirements {
  return {
    x402Version: 2,
    scheme: r.scheme,
    network: r.network,
    wireNetwork: r.network,
    chainId: chainIdOf(r.network),
    amount: r.amount,
    asset: r.asset,
    payTo: r.payTo,
    maxTimeoutSeconds: r.maxTimeoutSeconds,
    extra: r.extra ?? undefined,
    resource,
    wire: r,
  }
}

/** Reads a v1 or v2 payment payload into the one shape. */
export function fromPaymentPayload(p: PaymentPayloadV1 | PaymentPayloadV2): Payment {
  if (p.x402Version === 1) {
    return {
      x402Version: 1,
      scheme: p.scheme,
      network: toCaip2(p.network),
      wireNetwork: p.network,
      chainId: chainIdOf(p.network),
      accepted: undefined,
      resource: undefined,
      payload: p.payload,
      extensions: undefined,
      wire: p,
    }
  }
  const resource = p.resource ?? undefined
  const accepted = fromRequirementsV2(p.accepted, resource)
  return {
    x402Version: 2,
    scheme: accepted.scheme,
    network: accepted.network,
    wireNetwork: accepted.wireNetwork,
    chainId: accepted.chainId,
    accepted,
    resource,
    payload: p.payload,
    extensions: p.extensions ?? undefined,
    wire: p,
  }
}

/** Reads requirements of either version (told apart by `x402Version`). */
export function fromRequirements(
  x402Version: 1 | 2,
  r: PaymentRequirementsV1 | PaymentRequirementsV2,
  resource?: ResourceInfo,
): Requirements {
  return x402Version === 1
    ? fromRequirementsV1(r as PaymentRequirementsV1)
    : fromRequirementsV2(r as PaymentRequirementsV2, resource)
}
