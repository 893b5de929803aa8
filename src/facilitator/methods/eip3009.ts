import type { TransferMethod } from './types.js'

/**
 * EIP-3009 `transferWithAuthorization` (the default method of `exact`, both versions): verification is the
 * facilitator's `verify` step; `settle` is the settlement flow of operations.ts (gate, re-verification,
 * broadcast, receipt, Transfer check, recovery of a used nonce), which operations hands in.
 */
export function createEip3009Method(settle: TransferMethod['settle']): TransferMethod {
  return {
    name: 'eip3009',
    applies: () => true,
    kinds: (ctx) => [
      { x402Version: 2, scheme: 'exact', network: ctx.network },
      ...(ctx.networkV1 === undefined ? [] : [{ x402Version: 1 as const, scheme: 'exact' as const, network: ctx.networkV1 }]),
    ],
    verify: (ctx, steps, request) => steps.verify(ctx, request),
    settle,
  }
}
