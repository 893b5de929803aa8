import { X402Error } from '../errors/X402Error.js'
import { chainIdOf } from '../networks/registry.js'
import type { Requirements } from '../codecs/normalize.js'

/** What a paying client is willing to pay. Everything unset is unrestricted. */
export type PaymentPolicy = {
  /** Networks the client pays on (CAIP-2 or v1 names). */
  networks?: readonly string[]
  /** Token addresses the client pays with. */
  assets?: readonly string[]
  /** Most the client pays for one request (atomic units). */
  maxAmountPerRequest?: bigint | string
  /** Most the client pays in total over its lifetime (atomic units, all assets together). */
  budget?: bigint | string
  /** Protocol versions the client speaks (default both). */
  versions?: readonly (1 | 2)[]
  /** Schemes the client can sign (default `exact`). */
  schemes?: readonly string[]
}

/** Thrown when a 402 offers nothing the policy allows; lists why each offer was refused. */
export class PaymentRefusedError extends X402Error {
  override name = 'PaymentRefusedError' as const
  readonly refusals: readonly string[]
  constructor(url: string, refusals: readonly string[]) {
    super({
      shortMessage: `no acceptable payment option for ${url}`,
      metaMessages: refusals.length > 0 ? refusals : ['the server offered no payment option'],
    })
    this.refusals = refusals
  }
}

/** Why `policy` refuses `offer` given what is already spent, or undefined when it is acceptable. */
export function refusalOf(policy: PaymentPolicy, offer: Requirements, spent: bigint): string | undefined {
  const what = `${offer.scheme} ${offer.amount} of ${offer.asset} on ${offer.wireNetwork}`
  if (!(policy.schemes ?? ['exact']).includes(offer.scheme)) return `${what}: scheme ${offer.scheme} is not supported`
  if (!(policy.versions ?? [1, 2]).includes(offer.x402Version)) return `${what}: x402 version ${offer.x402Version} is not allowed`
  if (/^0x0{40}$/i.test(offer.payTo)) return `${what}: payTo is the zero address (the payment would be burnt or refused)`
  if (offer.chainId === undefined) return `${what}: network ${offer.wireNetwork} is not an EVM network this client knows`
  if (policy.networks && !policy.networks.some((n) => chainIdOf(n) === offer.chainId))
    return `${what}: network not allowed by the policy`
  if (policy.assets && !policy.assets.some((a) => a.toLowerCase() === offer.asset.toLowerCase()))
    return `${what}: asset not allowed by the policy`
  let amount: bigint
  try {
    amount = BigInt(offer.amount)
  } catch {
    return `${what}: amount is not an integer`
  }
  if (policy.maxAmountPerRequest !== undefined && amount > BigInt(policy.maxAmountPerRequest))
    return `${what}: more than the maximum of ${policy.maxAmountPerRequest} per request`
  if (policy.budget !== undefined && spent + amount > BigInt(policy.budget))
    return `${what}: would exceed the budget (${spent} of ${policy.budget} spent)`
  return undefined
}

/** The cheapest acceptable offer, or the refusals of every offer. */
export function chooseOffer(
  policy: PaymentPolicy,
  offers: readonly Requirements[],
  spent: bigint,
): { offer: Requirements } | { refusals: string[] } {
  const refusals: string[] = []
  let best: Requirements | undefined
  for (const offer of offers) {
    const refusal = refusalOf(policy, offer, spent)
    if (refusal !== undefined) refusals.push(refusal)
    else if (best === undefined || BigInt(offer.amount) < BigInt(best.amount)) best = offer
  }
  return best ? { offer: best } : { refusals }
}
