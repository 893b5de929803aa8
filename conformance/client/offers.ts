import { encodeBase64Json } from '../../src/codecs/base64Json.js'
import type { Version } from '../case.js'
import type { Reply } from './endpoint.js'

/** A requirement as raw wire JSON (builders may emit invalid data on purpose). */
export type Offer = Record<string, unknown>

/** What a case may set on an offer; everything else is the honest default of the case. */
export type OfferInput = {
  readonly amount?: bigint | string
  readonly payTo?: string
  readonly asset?: string
  /** The network as the version spells it (default: the harness chain's). */
  readonly network?: string
  readonly scheme?: string
  readonly extra?: Record<string, unknown>
  readonly maxTimeoutSeconds?: number
  readonly description?: string
  /** Members added as they are (unknown members, deliberate damage). */
  readonly more?: Record<string, unknown>
}

/** The defaults an offer is built from. */
export type OfferDefaults = {
  readonly version: Version
  readonly amount: bigint
  readonly payTo: string
  readonly asset: string
  readonly network: string
  readonly extra: Record<string, unknown>
  readonly resourceUrl: string
}

/** One requirement in the wire form of the version (v1 `maxAmountRequired` + `resource`, v2 `amount`). */
export function buildOffer(defaults: OfferDefaults, input: OfferInput = {}): Offer {
  const amount = `${input.amount ?? defaults.amount}`
  const common = {
    scheme: input.scheme ?? 'exact',
    network: input.network ?? defaults.network,
    payTo: input.payTo ?? defaults.payTo,
    maxTimeoutSeconds: input.maxTimeoutSeconds ?? 60,
    asset: input.asset ?? defaults.asset,
    extra: input.extra ?? defaults.extra,
  }
  const description = input.description ?? 'a paid answer of the conformance harness'
  const wire =
    defaults.version === 1
      ? { ...common, maxAmountRequired: amount, resource: defaults.resourceUrl, description, mimeType: 'application/json' }
      : { ...common, amount }
  return { ...wire, ...input.more }
}

/** The 402 challenge of the version: v1 in the JSON body, v2 in the `PAYMENT-REQUIRED` header. */
export function challengeReply(
  version: Version,
  accepts: readonly unknown[],
  resourceUrl: string,
  error = 'payment required',
): Reply {
  if (version === 1) {
    return {
      status: 402,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ x402Version: 1, error, accepts }),
    }
  }
  const resource = { url: resourceUrl, description: 'a paid answer of the conformance harness', mimeType: 'application/json' }
  const header = encodeBase64Json({ x402Version: 2, error, resource, accepts })
  return { status: 402, headers: { 'payment-required': header, 'content-type': 'application/json' }, body: '{}' }
}

/** The settlement receipt header of the version. */
export function receiptHeader(version: Version, receipt: Record<string, unknown>): Record<string, string> {
  return { [version === 1 ? 'x-payment-response' : 'payment-response']: encodeBase64Json(receipt) }
}
