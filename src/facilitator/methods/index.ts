import type { FacilitatorRequest } from '../requests.js'
import { createPermit2Method } from './permit2.js'
import type { MethodKind, TransferMethod } from './types.js'

export type { MethodKind, TransferMethod, TransferMethodName } from './types.js'
export { createEip3009Method } from './eip3009.js'

/** The Permit2 methods, tried before EIP-3009 (which takes every request no other method claims). */
export const permit2Methods: readonly TransferMethod[] = [createPermit2Method('upto'), createPermit2Method('exact')]

/** The method that pays `request`: the first of `methods` that applies. */
export function selectMethod(methods: readonly TransferMethod[], request: FacilitatorRequest): TransferMethod {
  const method = methods.find((m) => m.applies(request))
  if (method === undefined) throw new Error('no transfer method applies (the EIP-3009 method must come last)')
  return method
}

/** The `/supported` kinds of all methods, each once, the catch-all method's (plain `exact`) first. */
export function supportedKinds(methods: readonly TransferMethod[], ctx: Parameters<TransferMethod['kinds']>[0]): MethodKind[] {
  const seen = new Set<string>()
  return [...methods]
    .reverse()
    .flatMap((m) => m.kinds(ctx))
    .filter((k) => {
      const id = `${k.x402Version}:${k.scheme}:${k.network}`
      return seen.has(id) ? false : (seen.add(id), true)
    })
}
