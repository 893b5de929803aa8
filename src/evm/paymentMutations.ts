import { getAddress } from 'viem'
import type { Reason } from '../errors/reasons.js'

/** A wire JSON object being mutated (untyped on purpose: mutations may break the schema). */
type Wire = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * One single-field change to a signed exact-EVM payment (or to the requirements it was made for)
 * and the canonical code verification must answer with.
 */
export type PaymentMutation = {
  readonly name: string
  /** The protocol versions the mutation applies to. */
  readonly versions: readonly (1 | 2)[]
  readonly expect: Reason
  /** Changes `payment` or `requirements` in place; `now` is the verifier's clock. */
  readonly apply: (payment: Wire, requirements: Wire, now: number) => void
}

const other = (a: string) => getAddress(`0x${(BigInt(a) ^ 1n).toString(16).padStart(40, '0')}`)
const bump = (s: string) => (BigInt(s) + 1n).toString()

/**
 * Single-field mutations of a valid payment and their expected codes (chapter 3 order). They assume
 * the payment was made with {@link createPayment} defaults or similar: `extra` carries name and
 * version, `validAfter` is before `now`, `validBefore` is within `maxTimeoutSeconds`. A mutant is
 * checked with {@link verifyPaymentOffline} or {@link verifyPayment}; both give the same code.
 */
export const paymentMutations: readonly PaymentMutation[] = [
  { name: 'x402Version', versions: [1, 2], expect: 'invalid_x402_version', apply: (p) => void (p['x402Version'] = 3) },
  { name: 'payload dropped', versions: [1, 2], expect: 'invalid_payload', apply: (p) => void delete p['payload'] },
  {
    name: 'value as number',
    versions: [1, 2],
    expect: 'invalid_payload',
    apply: (p) => void (p['payload'].authorization.value = 1),
  },
  {
    name: 'signature not hex',
    versions: [1, 2],
    expect: 'invalid_payload',
    apply: (p) => void (p['payload'].signature = '0xzz'),
  },
  {
    name: 'requirements maxTimeoutSeconds negative',
    versions: [1, 2],
    expect: 'invalid_payment_requirements',
    apply: (_, r) => void (r['maxTimeoutSeconds'] = -1),
  },
  { name: 'requirements scheme', versions: [1, 2], expect: 'unsupported_scheme', apply: (_, r) => void (r['scheme'] = 'upto') },
  { name: 'payment scheme (v1)', versions: [1], expect: 'invalid_scheme', apply: (p) => void (p['scheme'] = 'upto') },
  { name: 'accepted.scheme', versions: [2], expect: 'invalid_scheme', apply: (p) => void (p['accepted'].scheme = 'upto') },
  {
    name: 'requirements network not EVM',
    versions: [2],
    expect: 'invalid_network',
    apply: (_, r) => void (r['network'] = 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp'),
  },
  {
    name: 'requirements network unknown name (v1)',
    versions: [1],
    expect: 'invalid_network',
    apply: (_, r) => void (r['network'] = 'nowhere'),
  },
  {
    name: 'payment network (v1)',
    versions: [1],
    expect: 'invalid_exact_evm_network_mismatch',
    apply: (p) => void (p['network'] = p['network'] === 'eip155:1' ? 'eip155:2' : 'eip155:1'),
  },
  {
    name: 'accepted.network',
    versions: [2],
    expect: 'invalid_exact_evm_network_mismatch',
    apply: (p) => void (p['accepted'].network = p['accepted'].network === 'eip155:1' ? 'eip155:2' : 'eip155:1'),
  },
  {
    name: 'accepted.amount',
    versions: [2],
    expect: 'accepted_requirements_mismatch',
    apply: (p) => void (p['accepted'].amount = bump(p['accepted'].amount)),
  },
  {
    name: 'accepted.asset',
    versions: [2],
    expect: 'accepted_requirements_mismatch',
    apply: (p) => void (p['accepted'].asset = other(p['accepted'].asset)),
  },
  {
    name: 'accepted.payTo',
    versions: [2],
    expect: 'accepted_requirements_mismatch',
    apply: (p) => void (p['accepted'].payTo = other(p['accepted'].payTo)),
  },
  {
    name: 'accepted.maxTimeoutSeconds',
    versions: [2],
    expect: 'accepted_requirements_mismatch',
    apply: (p) => void (p['accepted'].maxTimeoutSeconds += 1),
  },
  {
    name: 'accepted.extra.name',
    versions: [2],
    expect: 'accepted_requirements_mismatch',
    apply: (p) => void (p['accepted'].extra.name += 'x'),
  },
  {
    name: 'requirements amount (v2)',
    versions: [2],
    expect: 'accepted_requirements_mismatch',
    apply: (_, r) => void (r['amount'] = bump(r['amount'])),
  },
  {
    name: 'requirements asset not an address',
    versions: [1],
    expect: 'invalid_exact_evm_asset',
    apply: (_, r) => void (r['asset'] = 'usdc'),
  },
  {
    name: 'requirements extra.name not a string',
    versions: [1],
    expect: 'invalid_exact_evm_missing_eip712_domain',
    apply: (_, r) => void (r['extra'] = { ...r['extra'], name: 7 }),
  },
  {
    name: 'authorization.to',
    versions: [1, 2],
    expect: 'invalid_exact_evm_payload_recipient_mismatch',
    apply: (p) => void (p['payload'].authorization.to = other(p['payload'].authorization.to)),
  },
  {
    name: 'requirements payTo (v1)',
    versions: [1],
    expect: 'invalid_exact_evm_payload_recipient_mismatch',
    apply: (_, r) => void (r['payTo'] = other(r['payTo'])),
  },
  {
    name: 'authorization.value + 1',
    versions: [1, 2],
    expect: 'invalid_exact_evm_payload_authorization_value_mismatch',
    apply: (p) => void (p['payload'].authorization.value = bump(p['payload'].authorization.value)),
  },
  {
    name: 'authorization.value - 1',
    versions: [1, 2],
    expect: 'invalid_exact_evm_payload_authorization_value_mismatch',
    apply: (p) => void (p['payload'].authorization.value = (BigInt(p['payload'].authorization.value) - 1n).toString()),
  },
  {
    name: 'requirements amount (v1)',
    versions: [1],
    expect: 'invalid_exact_evm_payload_authorization_value_mismatch',
    apply: (_, r) => void (r['maxAmountRequired'] = bump(r['maxAmountRequired'])),
  },
  {
    name: 'validBefore in the past',
    versions: [1, 2],
    expect: 'invalid_exact_evm_payload_authorization_valid_before',
    apply: (p, _, now) => void (p['payload'].authorization.validBefore = String(now - 1)),
  },
  {
    name: 'validBefore inside the margin',
    versions: [1, 2],
    expect: 'invalid_exact_evm_payload_authorization_valid_before',
    apply: (p, _, now) => void (p['payload'].authorization.validBefore = String(now + 5)),
  },
  {
    name: 'validAfter now',
    versions: [1, 2],
    expect: 'invalid_exact_evm_payload_authorization_valid_after',
    apply: (p, _, now) => void (p['payload'].authorization.validAfter = String(now)),
  },
  {
    name: 'validBefore beyond maxTimeoutSeconds',
    versions: [1, 2],
    expect: 'invalid_exact_evm_payload_authorization_validity_too_long',
    apply: (p, r, now) => void (p['payload'].authorization.validBefore = String(now + r['maxTimeoutSeconds'] + 61)),
  },
  {
    name: 'authorization.from',
    versions: [1, 2],
    expect: 'invalid_exact_evm_payload_signature',
    apply: (p) => void (p['payload'].authorization.from = other(p['payload'].authorization.from)),
  },
  {
    name: 'authorization.nonce',
    versions: [1, 2],
    expect: 'invalid_exact_evm_payload_signature',
    apply: (p) =>
      void (p['payload'].authorization.nonce =
        `0x${(BigInt(p['payload'].authorization.nonce) ^ 1n).toString(16).padStart(64, '0')}`),
  },
  {
    name: 'validAfter earlier',
    versions: [1, 2],
    expect: 'invalid_exact_evm_payload_signature',
    apply: (p) =>
      void (p['payload'].authorization.validAfter = String(BigInt(p['payload'].authorization.validAfter) === 0n ? 1n : 0n)),
  },
  {
    name: 'validBefore later, still in bounds',
    versions: [1, 2],
    expect: 'invalid_exact_evm_payload_signature',
    apply: (p, _, now) =>
      void (p['payload'].authorization.validBefore = String(
        BigInt(p['payload'].authorization.validBefore) === BigInt(now + 6) ? now + 7 : now + 6,
      )),
  },
  {
    name: 'signature byte flipped',
    versions: [1, 2],
    expect: 'invalid_exact_evm_payload_signature',
    apply: (p) => void (p['payload'].signature = flip(p['payload'].signature, 10)),
  },
  {
    name: 'signature v flipped',
    versions: [1, 2],
    expect: 'invalid_exact_evm_payload_signature',
    apply: (p) =>
      void (p['payload'].signature =
        `${p['payload'].signature.slice(0, 130)}${p['payload'].signature.endsWith('1b') ? '1c' : '1b'}`),
  },
  {
    name: 'signature truncated',
    versions: [1, 2],
    expect: 'invalid_exact_evm_payload_signature',
    apply: (p) => void (p['payload'].signature = p['payload'].signature.slice(0, 130)),
  },
  {
    name: 'requirements asset (v1)',
    versions: [1],
    expect: 'invalid_exact_evm_payload_signature',
    apply: (_, r) => void (r['asset'] = other(r['asset'])),
  },
  {
    name: 'requirements extra.version (v1)',
    versions: [1],
    expect: 'invalid_exact_evm_payload_signature',
    apply: (_, r) =>
      void (r['extra'] = { ...r['extra'], version: `${r['extra']?.version ?? ''}1`, name: r['extra']?.name ?? 'x' }),
  },
]

function flip(hex: string, at: number): string {
  const i = 2 + at * 2
  return `${hex.slice(0, i)}${(Number.parseInt(hex.slice(i, i + 2), 16) ^ 0xff).toString(16).padStart(2, '0')}${hex.slice(i + 2)}`
}
