import { getAddress, isErc6492Signature, parseErc6492Signature } from 'viem'
import type { Address, Hex } from 'viem'
import type { ExactEvmPayload } from '../types/exactEvm.js'
import type { PaymentPayloadV1 } from '../types/v1.js'
import type { PaymentPayloadV2 } from '../types/v2.js'
import { eip3009Abi } from './abi.js'

type AuthorizationArgs = readonly [Address, Address, bigint, bigint, bigint, Hex]

export type GetSettleCallParameters = PaymentPayloadV1 | PaymentPayloadV2 | ExactEvmPayload
export type GetSettleCallReturnType = {
  address: Address
  abi: typeof eip3009Abi
  functionName: 'transferWithAuthorization'
  args: readonly [...AuthorizationArgs, number, Hex, Hex] | readonly [...AuthorizationArgs, Hex]
}

/** The exact-EVM payload inside a payment payload (or the payload itself). */
export function exactPayloadOf(payment: GetSettleCallParameters): ExactEvmPayload {
  return 'x402Version' in payment ? (payment.payload as ExactEvmPayload) : payment
}

/**
 * The `transferWithAuthorization` call that settles a verified payment, for viem's
 * `simulateContract` / `writeContract`: the `v, r, s` overload for a 65-byte signature (every
 * FiatToken version has it), the `bytes signature` overload otherwise. An ERC-6492 wrapper is
 * removed (the wallet must be deployed first: see {@link getDeployCall}).
 *
 * @example
 * const hash = await walletClient.writeContract({ ...getSettleCall(paymentPayload, requirements), account })
 */
export function getSettleCall(
  payment: GetSettleCallParameters,
  requirements: { readonly asset: string },
): GetSettleCallReturnType {
  const { signature: wire, authorization: a } = exactPayloadOf(payment)
  const signature = isErc6492Signature(wire as Hex) ? parseErc6492Signature(wire as Hex).signature : (wire as Hex)
  const base: AuthorizationArgs = [
    getAddress(a.from),
    getAddress(a.to),
    BigInt(a.value),
    BigInt(a.validAfter),
    BigInt(a.validBefore),
    a.nonce as Hex,
  ]
  const address = getAddress(requirements.asset)
  if (signature.length === 132) {
    const r = `0x${signature.slice(2, 66)}` as Hex
    const s = `0x${signature.slice(66, 130)}` as Hex
    let v = Number.parseInt(signature.slice(130), 16)
    if (v === 0 || v === 1) v += 27
    return { address, abi: eip3009Abi, functionName: 'transferWithAuthorization', args: [...base, v, r, s] }
  }
  return { address, abi: eip3009Abi, functionName: 'transferWithAuthorization', args: [...base, signature] }
}
