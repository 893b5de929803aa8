import type { Harm, Level } from '../case.js'

/** One wallet-free check of a live endpoint: like a case, it names a clause of spec/, a level and a harm (DESIGN §10). */
export type ProbeCheck = {
  readonly id: string
  readonly clause: string
  readonly level: Level
  readonly harm: Harm
  /** What happens when the endpoint conforms, stated as a fact. */
  readonly title: string
}

const check = (id: string, clause: string, level: Level, harm: Harm, title: string): ProbeCheck =>
  Object.freeze({ id, clause, level, harm, title })

/** Every probe check, by family (spec/06-probe.md says why each has its level and harm). */
export const probeChecks = {
  notServed: check(
    'server.probe.status.not-served',
    'probe.paid-url.not-served',
    'MUST',
    'access',
    'GET without payment is not answered 2xx',
  ),
  challenge402: check(
    'server.probe.status.challenge-402',
    'http.server.challenge-402',
    'MUST',
    'interop',
    'GET without payment is answered 402 with a challenge',
  ),
  head: check(
    'server.probe.variants.head',
    'http.server.path-variants',
    'MUST',
    'access',
    'HEAD without payment is not answered 2xx',
  ),
  trailingSlash: check(
    'server.probe.variants.trailing-slash',
    'http.server.path-variants',
    'MUST',
    'access',
    'the path with a trailing slash is not served without payment',
  ),
  letterCase: check(
    'server.probe.variants.letter-case',
    'http.server.path-variants',
    'MUST',
    'access',
    'the path in upper case is not served without payment',
  ),
  options: check(
    'server.probe.variants.options',
    'http.server.path-variants',
    'SHOULD',
    'hygiene',
    'OPTIONS is answered 402 or without content (a CORS preflight)',
  ),
  v2Header: check(
    'server.probe.challenge.v2-header',
    'http.v2.challenge.header',
    'MUST',
    'interop',
    'the PAYMENT-REQUIRED header is a valid v2 challenge (strict base64, JSON, exact-EVM schema)',
  ),
  v1Body: check(
    'server.probe.challenge.v1-body',
    'http.v1.challenge.body',
    'MUST',
    'interop',
    'the JSON body is a valid v1 challenge (exact-EVM schema)',
  ),
  resource: check(
    'server.probe.challenge.resource',
    'probe.challenge.resource-origin',
    'SHOULD',
    'hygiene',
    'the challenge names the probed URL as its resource',
  ),
  v1Network: check(
    'server.probe.offer.v1-network',
    'envelopes.format.v1-network',
    'MUST',
    'interop',
    'every v1 offer names a network x402 lists',
  ),
  v2Network: check(
    'server.probe.offer.v2-network',
    'probe.offer.known-network',
    'SHOULD',
    'hygiene',
    'every v2 offer names a network x402 lists',
  ),
  assetOfNetwork: check(
    'server.probe.offer.asset-of-network',
    'probe.offer.asset-of-network',
    'MUST',
    'interop',
    'no offer names the token of another network (a testnet USDC on a mainnet, or the reverse)',
  ),
  assetContract: check(
    'server.probe.offer.asset-contract',
    'probe.offer.asset-contract',
    'MUST',
    'interop',
    "every asset is the network's known token or an address that can hold a contract",
  ),
  checksumValid: check(
    'server.probe.offer.checksum-valid',
    'probe.offer.checksum-valid',
    'MUST',
    'interop',
    'no mixed-case address has a wrong EIP-55 checksum',
  ),
  checksummed: check(
    'server.probe.offer.checksummed',
    'probe.offer.checksummed',
    'SHOULD',
    'hygiene',
    'payTo and asset are written with their EIP-55 checksum',
  ),
  amount: check(
    'server.probe.offer.amount',
    'probe.offer.amount-plausible',
    'SHOULD',
    'hygiene',
    'every amount is a positive atomic integer, at most 1,000 whole tokens of a known token',
  ),
  timeoutSettleable: check(
    'server.probe.offer.timeout-settleable',
    'probe.offer.timeout-settleable',
    'MUST',
    'interop',
    'every maxTimeoutSeconds is at least 10',
  ),
  timeoutBounded: check(
    'server.probe.offer.timeout-bounded',
    'probe.offer.timeout-bounded',
    'SHOULD',
    'hygiene',
    'every maxTimeoutSeconds is at most 3600',
  ),
  domain: check(
    'server.probe.offer.eip712-domain',
    'exact-evm.typed-data.domain-source',
    'MUST',
    'interop',
    'extra.name and extra.version match the known token, or name the domain of an unknown one',
  ),
  noStore: check(
    'server.probe.headers.no-store',
    'http.server.no-store',
    'SHOULD',
    'hygiene',
    'the 402 carries Cache-Control: no-store',
  ),
  corsExpose: check(
    'server.probe.headers.cors-expose',
    'http.server.expose-headers',
    'SHOULD',
    'hygiene',
    'a 402 with CORS headers exposes the x402 response headers',
  ),
  notX402: check(
    'server.probe.headers.not-x402',
    'probe.headers.not-x402',
    'SHOULD',
    'hygiene',
    'the 402 carries no payment headers x402 does not define (x-payment-amount, x-pay-url, …)',
  ),
} as const

/** The checks as a list, in report order. */
export const probeCheckList: readonly ProbeCheck[] = Object.values(probeChecks)
