/**
 * THE list of canonical wire reason codes. Each code belongs to one category (what the harness
 * asserts) and is tied to one spec clause. Other implementations spell the same reasons
 * differently; `knownSpellings` maps their spellings to our categories.
 */
export const reasonCategories = [
  'invalid_payload',
  'invalid_signature',
  'amount_mismatch',
  'recipient_mismatch',
  'asset_mismatch',
  'expired',
  'not_yet_valid',
  'insufficient_funds',
  'nonce_used',
  'network',
  'domain',
  'requirements_mismatch',
  'transaction_failed',
  'unexpected',
] as const
export type ReasonCategory = (typeof reasonCategories)[number]

/** Canonical codes: code → category and clause. (Refined by the exact-EVM chapter of spec/.) */
export const reasons = {
  invalid_payload: { category: 'invalid_payload', clause: 'exact-evm.verify.payload-shape' },
  invalid_x402_version: { category: 'invalid_payload', clause: 'exact-evm.verify.version' },
  unsupported_scheme: { category: 'network', clause: 'exact-evm.verify.scheme' },
  invalid_network: { category: 'network', clause: 'exact-evm.verify.network' },
} as const satisfies Record<string, { category: ReasonCategory; clause: string }>
export type Reason = keyof typeof reasons
