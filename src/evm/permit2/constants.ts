import type { Address } from 'viem'

/** The canonical Permit2 (the same address on every chain that has it; the local chain plants ours there). */
export const permit2Address: Address = '0x000000000022D473030F116dDEE9F6B43aC78BA3'

/** x402's exact Permit2 proxy, the `spender` of an exact-scheme permit (upstream @x402/evm 2.27). */
export const exactPermit2ProxyAddress: Address = '0x402085c248EeA27D92E8b30b2C58ed07f9E20001'

/** x402's upto Permit2 proxy, the `spender` of an upto-scheme permit (upstream @x402/evm 2.27). */
export const uptoPermit2ProxyAddress: Address = '0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002'

/** Which proxy, witness and settle call: `exact` (assetTransferMethod permit2) or `upto`. */
export type Permit2Kind = 'exact' | 'upto'

/** The spender a permit of this kind must name (permit2.verify.spender). */
export const permit2ProxyOf = (kind: Permit2Kind): Address =>
  kind === 'exact' ? exactPermit2ProxyAddress : uptoPermit2ProxyAddress

const permitted = [
  { name: 'permitted', type: 'TokenPermissions' },
  { name: 'spender', type: 'address' },
  { name: 'nonce', type: 'uint256' },
  { name: 'deadline', type: 'uint256' },
  { name: 'witness', type: 'Witness' },
] as const
const tokenPermissions = [
  { name: 'token', type: 'address' },
  { name: 'amount', type: 'uint256' },
] as const

/** EIP-712 types of an exact-scheme permit: the witness is `Witness(address to,uint256 validAfter)`. */
export const exactPermit2Types = {
  PermitWitnessTransferFrom: permitted,
  TokenPermissions: tokenPermissions,
  Witness: [
    { name: 'to', type: 'address' },
    { name: 'validAfter', type: 'uint256' },
  ],
} as const

/** EIP-712 types of an upto permit: the witness also names the one facilitator allowed to settle. */
export const uptoPermit2Types = {
  PermitWitnessTransferFrom: permitted,
  TokenPermissions: tokenPermissions,
  Witness: [
    { name: 'to', type: 'address' },
    { name: 'facilitator', type: 'address' },
    { name: 'validAfter', type: 'uint256' },
  ],
} as const

/** The witness type string each proxy passes to Permit2 (what the digest is computed over). */
export const permit2WitnessTypeStrings = {
  exact: 'Witness witness)TokenPermissions(address token,uint256 amount)Witness(address to,uint256 validAfter)',
  upto:
    'Witness witness)TokenPermissions(address token,uint256 amount)' +
    'Witness(address to,address facilitator,uint256 validAfter)',
} as const satisfies Record<Permit2Kind, string>
