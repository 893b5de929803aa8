import { acceptedMismatches } from '../codecs/acceptedMatches.js'
import type { Reason } from '../errors/reasons.js'
import { clockSkewSeconds, settlementMarginSeconds } from './constants.js'
import { transferAuthorizationDigest } from './hashTransferAuthorization.js'
import type { VerifyContext } from './parseVerifyInput.js'
import { recoverSignerOfBytes } from './recoverSigner.js'
import { findDomain } from './resolveDomain.js'

/** Tunables of offline verification. */
export type OfflineCheckOptions = {
  /** Seconds `validBefore` must lie after `now` (default {@link settlementMarginSeconds}). */
  readonly settlementMarginSeconds?: number
  /** Apply exact-evm.verify.validity-bound (SHOULD); default true. */
  readonly enforceValidityBound?: boolean
}

/**
 * A check's verdict: `undefined` passes; a string fails with that message; `signatureProblem` fails
 * unless a contract signer accepts the signature, which only the on-chain layer can decide.
 */
export type CheckOutcome = undefined | string | { readonly signatureProblem: string }

/** One step of verification: the code it fails with and the test. */
export type OfflineCheck = {
  readonly reason: Reason
  readonly run: (context: VerifyContext, options: OfflineCheckOptions) => CheckOutcome
}

/** Ends the message of a signature failure a contract signer could still overturn (see `deferred`). */
export const deferredNote = '; valid only if from is a contract signer (ERC-1271/ERC-6492), which needs the chain'

const sameAddress = (a: string, b: string): boolean => a === b || a.toLowerCase() === b.toLowerCase()
const defaultMargin = BigInt(settlementMarginSeconds)
const clockSkew = BigInt(clockSkewSeconds)
/** viem's `isAddress(value, { strict: false })`: 0x and 40 hex digits, any case. */
const isAddress = (value: string): boolean => /^0x[0-9a-fA-F]{40}$/.test(value)

/** Members of `o` that are present (not absent, not null). */
const presentCount = (o: Record<string, unknown>): number => {
  let n = 0
  for (const k in o) if (o[k] != null) n++
  return n
}

/**
 * True only when {@link acceptedMismatches} would find nothing, without its general walk: every member
 * identical (`extra` as a flat object of identical values). Anything else is left to the full comparison.
 */
function plainlySame(accepted: Record<string, unknown>, offer: Record<string, unknown>): boolean {
  if (accepted === offer) return true
  let n = 0
  for (const k in accepted) {
    const x = accepted[k]
    if (x == null) continue
    n++
    const y = offer[k]
    if (x === y) continue
    if (k !== 'extra' || typeof x !== 'object' || typeof y !== 'object' || y === null) return false
    if (Array.isArray(x) || Array.isArray(y)) return false
    const a = x as Record<string, unknown>
    const b = y as Record<string, unknown>
    for (const e in a) if (a[e] != null && (a[e] !== b[e] || typeof a[e] === 'object')) return false
    if (presentCount(a) !== presentCount(b)) return false
  }
  return n === presentCount(offer)
}

const maxCachedDomains = 256
const domains = new Map<string, ReturnType<typeof findDomain>>()

/** {@link findDomain}, cached (bounded) where `extra` names the domain: a verifier sees few assets. */
function domainOf(requirements: VerifyContext['requirements']): ReturnType<typeof findDomain> {
  const name = requirements.extra?.['name']
  const version = requirements.extra?.['version']
  if (typeof name !== 'string' || typeof version !== 'string') return findDomain(requirements)
  const { chainId, network, asset } = requirements
  // lengths first: no two different tuples of strings give the same key
  const key = `${chainId}:${network.length}:${asset.length}:${name.length}:${network}${asset}${name}${version}`
  const cached = domains.get(key)
  if (cached !== undefined) return cached
  const found = findDomain(requirements)
  if (domains.size >= maxCachedDomains) domains.clear()
  domains.set(key, found)
  return found
}

type Side = VerifyContext['payment'] | VerifyContext['requirements']

/**
 * A check that the payment and the requirements agree on one thing: `read` gives the value compared and the
 * spelling shown in the message (the network is compared by chain id and shown as written on the wire).
 */
function paymentAgrees(reason: Reason, what: string, read: (side: Side) => unknown, shown: (side: Side) => string): OfflineCheck {
  return {
    reason,
    run: ({ payment, requirements }) =>
      read(payment) === read(requirements)
        ? undefined
        : `payment ${what} ${shown(payment)} differs from the requirements' ${shown(requirements)}`,
  }
}

/**
 * The offline checks after the three shape checks, in spec order (chapter 3, "Verification order").
 * Written once for v1 and v2: version differences stop at the adapter.
 */
export const offlineChecks: readonly OfflineCheck[] = [
  {
    reason: 'unsupported_scheme',
    run: ({ requirements }) =>
      requirements.scheme === 'exact' ? undefined : `scheme ${requirements.scheme} is not supported (only exact)`,
  },
  paymentAgrees(
    'invalid_scheme',
    'scheme',
    (side) => side.scheme,
    (side) => side.scheme,
  ),
  {
    reason: 'invalid_network',
    run: ({ requirements }) =>
      requirements.chainId === undefined
        ? `network ${requirements.wireNetwork} is not an EVM network this verifier knows`
        : undefined,
  },
  paymentAgrees(
    'invalid_exact_evm_network_mismatch',
    'network',
    (side) => side.chainId,
    (side) => side.wireNetwork,
  ),
  {
    reason: 'accepted_requirements_mismatch',
    run: ({ payment: { wire }, requirements: r }) => {
      if (wire.x402Version !== 2) return undefined
      if (plainlySame(wire.accepted, r.wire as Record<string, unknown>)) return undefined
      const differs = acceptedMismatches(wire.accepted, r.wire)
      return differs.length === 0 ? undefined : `accepted differs from the requirements in ${differs.join(', ')}`
    },
  },
  {
    reason: 'invalid_exact_evm_asset',
    run: ({ requirements }) => (isAddress(requirements.asset) ? undefined : `asset ${requirements.asset} is not an EVM address`),
  },
  {
    reason: 'invalid_exact_evm_missing_eip712_domain',
    run: (context) => {
      const found = domainOf(context.requirements)
      if (!found.ok) return found.message
      context.domain = found.domain
      return undefined
    },
  },
  {
    reason: 'invalid_exact_evm_payload_recipient_mismatch',
    run: ({ authorization, requirements }) => {
      // `0X…` lower-cases to a match yet is no address: a settlement to it could never be checked or reported
      if (!isAddress(requirements.payTo))
        return `payTo ${requirements.payTo.slice(0, 64)} is not an EVM address (0x + 40 hex digits)`
      return sameAddress(authorization.to, requirements.payTo)
        ? undefined
        : `authorization.to ${authorization.to} is not payTo ${requirements.payTo}`
    },
  },
  {
    reason: 'invalid_exact_evm_payload_authorization_value_mismatch',
    run: ({ authorization, requirements }) =>
      authorization.value === BigInt(requirements.amount)
        ? undefined
        : `authorization.value ${authorization.value} is not the required amount ${requirements.amount}`,
  },
  {
    reason: 'invalid_exact_evm_payload_authorization_valid_before',
    run: ({ authorization, now }, options) => {
      const margin = options.settlementMarginSeconds == null ? defaultMargin : BigInt(options.settlementMarginSeconds)
      return authorization.validBefore >= now + margin
        ? undefined
        : `validBefore ${authorization.validBefore} is earlier than now (${now}) + ${margin} s`
    },
  },
  {
    reason: 'invalid_exact_evm_payload_authorization_valid_after',
    run: ({ authorization, now }) =>
      authorization.validAfter < now ? undefined : `validAfter ${authorization.validAfter} is not before now (${now})`,
  },
  {
    reason: 'invalid_exact_evm_payload_authorization_validity_too_long',
    run: ({ authorization, now, requirements }, options) => {
      if (options.enforceValidityBound === false) return undefined
      const bound = now + BigInt(requirements.maxTimeoutSeconds) + clockSkew
      return authorization.validBefore <= bound
        ? undefined
        : `validBefore ${authorization.validBefore} is more than maxTimeoutSeconds (${requirements.maxTimeoutSeconds}) ` +
            `+ ${clockSkewSeconds} s after now (${now})`
    },
  },
  {
    reason: 'invalid_exact_evm_payload_signature',
    run: ({ authorization, signature, domain }) => {
      if (domain === undefined) return 'no EIP-712 domain'
      if (signature.length !== 132) {
        return { signatureProblem: `signature is ${(signature.length - 2) / 2} bytes, not a 65-byte EOA signature` }
      }
      const recovered = recoverSignerOfBytes(transferAuthorizationDigest(domain, authorization), signature)
      if (recovered.ok && sameAddress(recovered.address, authorization.from)) return undefined
      const why = recovered.ok
        ? `signature recovers to ${recovered.address}, not to authorization.from ${authorization.from}`
        : recovered.message
      return { signatureProblem: why }
    },
  },
]
