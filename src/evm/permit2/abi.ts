import { parseAbi } from 'viem'

const permitStructs = [
  'struct TokenPermissions { address token; uint256 amount; }',
  'struct PermitTransferFrom { TokenPermissions permitted; uint256 nonce; uint256 deadline; }',
  'struct EIP2612Permit { uint256 value; uint256 deadline; bytes32 r; bytes32 s; uint8 v; }',
] as const

/** Permit2's custom errors, which surface through the proxies when a transfer is refused. */
const permit2Errors = [
  'error SignatureExpired(uint256 signatureDeadline)',
  'error InvalidNonce()',
  'error InvalidSignatureLength()',
  'error InvalidSignature()',
  'error InvalidSigner()',
  'error InvalidContractSignature()',
] as const

/** The slice of Permit2 (SignatureTransfer) the scheme reads: the nonce bitmap, the domain, its errors. */
export const permit2Abi = parseAbi([
  'function nonceBitmap(address owner, uint256 word) view returns (uint256)',
  'function DOMAIN_SEPARATOR() view returns (bytes32)',
  'function invalidateUnorderedNonces(uint256 wordPos, uint256 mask)',
  'error InvalidAmount(uint256 maxAmount)',
  ...permit2Errors,
])

const proxyErrors = [
  'error InvalidDestination()',
  'error InvalidOwner()',
  'error PaymentTooEarly()',
  'error Permit2612AmountMismatch()',
  'error ReentrancyGuardReentrantCall()',
  ...permit2Errors,
] as const

/** x402's exact Permit2 proxy: settle the whole permitted amount to the witness recipient. */
export const exactPermit2ProxyAbi = parseAbi([
  ...permitStructs,
  'struct Witness { address to; uint256 validAfter; }',
  'function settle(PermitTransferFrom permit, address owner, Witness witness, bytes signature)',
  'function settleWithPermit(EIP2612Permit permit2612, PermitTransferFrom permit, address owner, Witness witness, bytes sig)',
  'function WITNESS_TYPE_STRING() view returns (string)',
  'function PERMIT2() view returns (address)',
  'event Settled()',
  'event SettledWithPermit()',
  'error InvalidAmount()',
  ...proxyErrors,
])

/** x402's upto Permit2 proxy: settle `amount` ≤ the permitted maximum; only the witness facilitator may. */
export const uptoPermit2ProxyAbi = parseAbi([
  ...permitStructs,
  'struct Witness { address to; address facilitator; uint256 validAfter; }',
  'function settle(PermitTransferFrom permit, uint256 amount, address owner, Witness witness, bytes signature)',
  'function settleWithPermit(EIP2612Permit p2612, PermitTransferFrom p, uint256 amount, address owner, Witness w, bytes sig)',
  'function WITNESS_TYPE_STRING() view returns (string)',
  'function PERMIT2() view returns (address)',
  'event Settled()',
  'event SettledWithPermit()',
  'error AmountExceedsPermitted()',
  'error UnauthorizedFacilitator()',
  ...proxyErrors,
])

/** What the on-chain checks read from any ERC-20 (and EIP-2612's nonces). */
export const erc20Abi = parseAbi([
  'function balanceOf(address account) view returns (uint256)',
  'function allowance(address owner, address spender) view returns (uint256)',
  'function approve(address spender, uint256 amount) returns (bool)',
  'function nonces(address owner) view returns (uint256)',
  'event Transfer(address indexed from, address indexed to, uint256 value)',
])
