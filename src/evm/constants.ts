/** EIP-712 types of EIP-3009 `TransferWithAuthorization` (the only struct the exact scheme signs). */
export const transferWithAuthorizationTypes = {
  TransferWithAuthorization: [
    { name: 'from', type: 'address' },
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'validAfter', type: 'uint256' },
    { name: 'validBefore', type: 'uint256' },
    { name: 'nonce', type: 'bytes32' },
  ],
} as const

/**
 * A verifier accepts an authorization only if `validBefore` is at least this many seconds after
 * its clock, so that a settlement sent now can still be mined before the token's own check
 * (`block.timestamp < validBefore`). Same figure as the upstream facilitators.
 */
export const settlementMarginSeconds = 6

/**
 * How far a client's clock may run ahead of the verifier's before an authorization that
 * stays valid for `maxTimeoutSeconds` counts as too long-lived (exact-evm.verify.validity-bound).
 */
export const clockSkewSeconds = 60

/** How far before its own clock a client backdates `validAfter` by default. */
export const validAfterBackdateSeconds = 600

/** Half the secp256k1 group order: a signature's `s` above it is "high-s" and refused by FiatToken. */
export const secp256k1HalfOrder = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n

/** The suffix an ERC-6492 wrapped signature ends with. */
export const erc6492MagicSuffix = '6492649264926492649264926492649264926492649264926492649264926492'

/** Canonical Multicall3 address (the same on every chain that has it). */
export const multicall3Address = '0xcA11bde05977b3631167028862bE2a173976CA11'
