import { keccak256, toHex } from 'viem'
import type { Address, Hex } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import type { Version } from '../case.js'
import type { AuthorizationValues, Domain, RequirementsOptions, Signer, Wire } from './types.js'

/** A deterministic 32-byte value from the run seed and a label (keys, nonces): runs are reproducible. */
export function derive(seed: number, label: string): Hex {
  return keccak256(toHex(`x402-conformance:${seed}:${label}`))
}

/** A deterministic key pair from the seed and a label. */
export function deriveSigner(seed: number, label: string): Signer {
  const privateKey = derive(seed, `key:${label}`)
  return { privateKey, address: privateKeyToAddress(privateKey) }
}

/** Applies raw overrides: a value of `undefined` deletes the key. */
export function merge(base: Wire, overrides: Record<string, unknown> | undefined): Wire {
  const out: Wire = { ...base }
  for (const [k, v] of Object.entries(overrides ?? {})) {
    if (v === undefined) delete out[k]
    else out[k] = v
  }
  return out
}

/** Base facts requirements are built from. */
export type RequirementsBase = {
  network: string
  networkV1: string | null
  asset: { address: Address; name: string; version: string }
  payTo: Address
  resourceUrl: string
}

/** Raw requirements of version `v` (v1: `maxAmountRequired`, `resource`, …; v2: `amount`). */
export function buildRequirements(v: Version, base: RequirementsBase, o: RequirementsOptions = {}): Wire {
  const amount = String(o.amount ?? 10_000n)
  const common: Wire = {
    scheme: o.scheme ?? 'exact',
    network: o.network ?? (v === 1 ? base.networkV1 : base.network),
    asset: o.asset ?? base.asset.address,
    payTo: o.payTo ?? base.payTo,
    maxTimeoutSeconds: o.maxTimeoutSeconds ?? 60,
  }
  const extra = 'extra' in o ? o.extra : { name: base.asset.name, version: base.asset.version }
  const wire: Wire =
    v === 1
      ? {
          scheme: common['scheme'],
          network: common['network'],
          maxAmountRequired: amount,
          resource: base.resourceUrl,
          description: 'x402 conformance resource',
          mimeType: 'application/json',
          payTo: common['payTo'],
          maxTimeoutSeconds: common['maxTimeoutSeconds'],
          asset: common['asset'],
        }
      : { ...common, amount }
  if (extra !== undefined) wire['extra'] = extra
  return merge(wire, o.wire)
}

/** Overrides mapped onto wire requirements that came from elsewhere (a 402 challenge). */
export function overrideRequirements(v: Version, wire: Wire, o: RequirementsOptions = {}): Wire {
  const out: Wire = structuredClone(wire)
  if (o.amount !== undefined) out[v === 1 ? 'maxAmountRequired' : 'amount'] = String(o.amount)
  for (const k of ['asset', 'payTo', 'network', 'scheme', 'maxTimeoutSeconds'] as const) if (o[k] !== undefined) out[k] = o[k]
  if ('extra' in o) {
    if (o.extra === undefined) delete out['extra']
    else out['extra'] = o.extra
  }
  return merge(out, o.wire)
}

/** The amount field of raw requirements, whichever version. */
export function amountOf(requirements: Wire): string {
  return String(requirements['amount'] ?? requirements['maxAmountRequired'] ?? '')
}

/** The EIP-712 domain for raw requirements: name/version from `extra`, else the chain's asset. */
export function domainFor(requirements: Wire, chainId: number, fallback: { name: string; version: string }): Domain {
  const extra = (requirements['extra'] ?? {}) as Record<string, unknown>
  return {
    name: typeof extra['name'] === 'string' ? extra['name'] : fallback.name,
    version: typeof extra['version'] === 'string' ? extra['version'] : fallback.version,
    chainId,
    verifyingContract: String(requirements['asset']) as Address,
  }
}

/** A correct authorization for raw requirements: window [now-5, now-5+maxTimeoutSeconds]. */
export function buildAuthorization(requirements: Wire, from: Address, now: number, nonce: Hex): AuthorizationValues {
  const amount = amountOf(requirements)
  const timeout = Number(requirements['maxTimeoutSeconds'] ?? 60)
  const validAfter = BigInt(now - 5)
  return {
    from,
    to: String(requirements['payTo']) as Address,
    value: /^[0-9]+$/.test(amount) ? BigInt(amount) : 0n,
    validAfter,
    validBefore: validAfter + BigInt(Number.isFinite(timeout) ? timeout : 60),
    nonce,
  }
}

/** The wire form of an authorization (decimal strings). */
export function authorizationWire(a: AuthorizationValues): Wire {
  return {
    from: a.from,
    to: a.to,
    value: a.value.toString(),
    validAfter: a.validAfter.toString(),
    validBefore: a.validBefore.toString(),
    nonce: a.nonce,
  }
}

/** A raw payment payload of version `v`. */
export function buildPayload(v: Version, requirements: Wire, inner: Wire, resource: Wire | undefined): Wire {
  if (v === 1) return { x402Version: 1, scheme: requirements['scheme'], network: requirements['network'], payload: inner }
  const out: Wire = { x402Version: 2 }
  if (resource !== undefined) out['resource'] = resource
  out['accepted'] = structuredClone(requirements)
  out['payload'] = inner
  return out
}

/** Standard base64 (padded) of the JSON of `value`; a string is encoded as is. */
export function encodeHeaderValue(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64')
}
