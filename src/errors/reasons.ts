/**
 * THE list of canonical wire reason codes (`invalidReason` of verify, `errorReason` of settle).
 *
 * Each code belongs to one category (what the conformance harness asserts, since other
 * implementations spell the same reason differently) and is tied to one clause of spec/ chapter 3 (EIP-3009) or chapter 7 (Permit2, upto).
 * Where the upstream x402 texts or SDKs already had a spelling, ours is that spelling.
 */
export const reasonCategories = [
  'invalid_payload',
  'invalid_signature',
  'amount_mismatch',
  'recipient_mismatch',
  'asset_mismatch',
  'expired',
  'not_yet_valid',
  'validity_too_long',
  'insufficient_funds',
  'nonce_used',
  'network',
  'domain',
  'requirements_mismatch',
  'transaction_failed',
  'unexpected',
  'spender_mismatch',
  'allowance_required',
  'amount_exceeds_authorized',
] as const
export type ReasonCategory = (typeof reasonCategories)[number]

/** Canonical codes: code → category and clause, in the order verification checks them. */
// biome-ignore format: a table of codes, one code per line, reads better than the formatter's layout
export const reasons = {
  invalid_x402_version: { category: 'invalid_payload', clause: 'exact-evm.verify.version' },
  invalid_payload: { category: 'invalid_payload', clause: 'exact-evm.verify.payload-shape' },
  invalid_payment_requirements: { category: 'invalid_payload', clause: 'exact-evm.verify.requirements-shape' },
  unsupported_scheme: { category: 'network', clause: 'exact-evm.verify.scheme-supported' },
  invalid_scheme: { category: 'network', clause: 'exact-evm.verify.scheme-match' },
  invalid_network: { category: 'network', clause: 'exact-evm.verify.network-supported' },
  invalid_exact_evm_network_mismatch: { category: 'network', clause: 'exact-evm.verify.network-match' },
  accepted_requirements_mismatch: { category: 'requirements_mismatch', clause: 'exact-evm.verify.accepted-match' },
  invalid_exact_evm_asset: { category: 'asset_mismatch', clause: 'exact-evm.verify.asset' },
  invalid_exact_evm_missing_eip712_domain: { category: 'domain', clause: 'exact-evm.verify.domain' },
  invalid_exact_evm_payload_recipient_mismatch: { category: 'recipient_mismatch', clause: 'exact-evm.verify.recipient' },
  invalid_exact_evm_payload_authorization_value_mismatch: { category: 'amount_mismatch', clause: 'exact-evm.verify.amount-exact' },
  invalid_exact_evm_payload_authorization_valid_before: { category: 'expired', clause: 'exact-evm.verify.valid-before' },
  invalid_exact_evm_payload_authorization_valid_after: { category: 'not_yet_valid', clause: 'exact-evm.verify.valid-after' },
  invalid_exact_evm_payload_authorization_validity_too_long: { category: 'validity_too_long', clause: 'exact-evm.verify.validity-bound' },
  invalid_exact_evm_payload_signature: { category: 'invalid_signature', clause: 'exact-evm.verify.signature' },
  invalid_exact_evm_token_domain_mismatch: { category: 'domain', clause: 'exact-evm.verify.token-domain' },
  insufficient_funds: { category: 'insufficient_funds', clause: 'exact-evm.verify.balance' },
  invalid_exact_evm_nonce_already_used: { category: 'nonce_used', clause: 'exact-evm.verify.nonce-unused' },
  invalid_exact_evm_transaction_simulation_failed: { category: 'transaction_failed', clause: 'exact-evm.verify.simulation' },
  invalid_exact_evm_transaction_failed: { category: 'transaction_failed', clause: 'exact-evm.settle.receipt' },
  unexpected_verify_error: { category: 'unexpected', clause: 'exact-evm.verification.unexpected' },
  unexpected_settle_error: { category: 'unexpected', clause: 'exact-evm.settle.unexpected' },
  // Permit2 (exact with assetTransferMethod permit2, and upto): spec/ chapter 7, upstream @x402/evm spellings
  invalid_permit2_spender: { category: 'spender_mismatch', clause: 'permit2.verify.spender' },
  invalid_permit2_recipient_mismatch: { category: 'recipient_mismatch', clause: 'permit2.verify.witness-recipient' },
  upto_facilitator_mismatch: { category: 'spender_mismatch', clause: 'permit2.verify.upto-facilitator' },
  permit2_token_mismatch: { category: 'asset_mismatch', clause: 'permit2.verify.token' },
  permit2_amount_mismatch: { category: 'amount_mismatch', clause: 'permit2.verify.amount' },
  permit2_deadline_expired: { category: 'expired', clause: 'permit2.verify.deadline' },
  permit2_not_yet_valid: { category: 'not_yet_valid', clause: 'permit2.verify.valid-after' },
  invalid_permit2_signature: { category: 'invalid_signature', clause: 'permit2.verify.signature' },
  permit2_allowance_required: { category: 'allowance_required', clause: 'permit2.verify.allowance' },
  permit2_insufficient_balance: { category: 'insufficient_funds', clause: 'permit2.verify.balance' },
  permit2_invalid_nonce: { category: 'nonce_used', clause: 'permit2.verify.nonce-unused' },
  permit2_simulation_failed: { category: 'transaction_failed', clause: 'permit2.verify.simulation' },
  invalid_upto_evm_payload_settlement_exceeds_amount: { category: 'amount_exceeds_authorized', clause: 'permit2.settle.upto-at-most' },
  invalid_upto_evm_transaction_failed: { category: 'transaction_failed', clause: 'permit2.settle.receipt' },
} as const satisfies Record<string, { category: ReasonCategory; clause: string }>
export type Reason = keyof typeof reasons

/**
 * Spellings other implementations use, mapped to our categories (DESIGN §6). Sources: the
 * upstream specification §9 (v1 and v2), upstream TypeScript `@x402/evm` 2.x (whose codes are kept
 * identical to the Go SDK's), legacy `x402` 1.x, and x402-rs (`ErrorReason`, snake_case).
 * Our own canonical codes are not repeated here.
 */
export const knownSpellings = {
  // upstream @x402/evm 2.x / Go
  invalid_exact_evm_scheme: 'network',
  invalid_exact_evm_recipient_mismatch: 'recipient_mismatch',
  invalid_exact_evm_signature: 'invalid_signature',
  invalid_exact_evm_failed_to_parse_signature: 'invalid_signature',
  invalid_exact_evm_payload_undeployed_smart_wallet: 'invalid_signature',
  eip6492_factory_not_allowed: 'invalid_signature',
  invalid_exact_evm_authorization_value: 'amount_mismatch',
  invalid_exact_evm_token_name_mismatch: 'domain',
  invalid_exact_evm_token_version_mismatch: 'domain',
  invalid_exact_evm_eip3009_not_supported: 'domain',
  invalid_exact_evm_insufficient_balance: 'insufficient_funds',
  asset_not_deployed_contract: 'asset_mismatch',
  invalid_exact_evm_transfer_event_mismatch: 'transaction_failed',
  smart_wallet_deployment_failed: 'transaction_failed',
  unsupported_payload_type: 'invalid_payload',
  unsupported_asset_transfer_method: 'invalid_payload',
  settlement_pending: 'transaction_failed',
  // upstream spec v1 §9 and legacy x402 1.x
  invalid_exact_evm_payload_authorization_value: 'amount_mismatch',
  invalid_transaction_state: 'transaction_failed',
  invalid_payment: 'invalid_payload',
  payment_expired: 'expired',
  // x402-rs
  invalid_format: 'invalid_payload',
  invalid_payment_amount: 'amount_mismatch',
  invalid_payment_early: 'not_yet_valid',
  invalid_payment_expired: 'expired',
  chain_id_mismatch: 'network',
  unsupported_chain: 'network',
  recipient_mismatch: 'recipient_mismatch',
  asset_mismatch: 'asset_mismatch',
  invalid_signature: 'invalid_signature',
  transaction_simulation: 'transaction_failed',
  unexpected_error: 'unexpected',
  // upstream @x402/evm 2.27, Permit2 and upto
  permit2_invalid_amount: 'amount_mismatch',
  permit2_invalid_destination: 'recipient_mismatch',
  permit2_invalid_owner: 'invalid_payload',
  permit2_payment_too_early: 'not_yet_valid',
  permit2_proxy_not_deployed: 'transaction_failed',
  permit2_2612_amount_mismatch: 'amount_mismatch',
  upto_amount_exceeds_permitted: 'amount_exceeds_authorized',
  upto_unauthorized_facilitator: 'spender_mismatch',
  invalid_upto_evm_scheme: 'network',
  invalid_upto_evm_network_mismatch: 'network',
  invalid_eip2612_extension_format: 'invalid_payload',
  eip2612_from_mismatch: 'invalid_signature',
  eip2612_asset_mismatch: 'asset_mismatch',
  eip2612_spender_not_permit2: 'spender_mismatch',
  eip2612_deadline_expired: 'expired',
} as const satisfies Record<string, ReasonCategory>

const ownCodes: Readonly<Record<string, { category: ReasonCategory }>> = reasons
const otherSpellings: Readonly<Record<string, ReasonCategory>> = knownSpellings

/** True when `code` is one of our canonical codes. */
export function isReason(code: string): code is Reason {
  return Object.hasOwn(ownCodes, code)
}

/**
 * The category of a reason code: ours, or another implementation's known spelling;
 * `undefined` for a code nobody we know uses.
 *
 * @example
 * categoryOf('invalid_exact_evm_signature') // 'invalid_signature'
 */
export function categoryOf(code: string): ReasonCategory | undefined {
  if (Object.hasOwn(ownCodes, code)) return ownCodes[code]!.category
  if (Object.hasOwn(otherSpellings, code)) return otherSpellings[code]
  return undefined
}
