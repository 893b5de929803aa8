import { encodeDeployData, type Address, type Hex } from 'viem'
import { ExactPermit2Proxy, Permit2, PermitToken, PlainToken, UptoPermit2Proxy } from '../../contracts/artifacts/index.js'
import { exactPermit2ProxyAddress, permit2Address, uptoPermit2ProxyAddress } from '../evm/permit2/constants.js'
import type { RpcCall } from './rpc.js'

/** EIP-712 / ERC-20 name of the plain token (no EIP-3009, no EIP-2612). */
export const plainTokenName = 'Plain Token'
/** EIP-712 name of the EIP-2612 token (its version is "1", as OpenZeppelin's ERC20Permit sets it). */
export const permitTokenName = 'Permit Token'

/**
 * Creation code of the two Permit2-only tokens, deployed after the others: a plain ERC-20 whose holders have
 * approved Permit2 without limit, and an EIP-2612 token whose holders have approved nothing.
 */
export function permit2TokenCreations(holders: readonly Address[], amount: bigint): Hex[] {
  return [
    encodeDeployData({
      abi: PlainToken.abi,
      bytecode: PlainToken.bytecode,
      args: [plainTokenName, holders, amount, permit2Address],
    }),
    encodeDeployData({ abi: PermitToken.abi, bytecode: PermitToken.bytecode, args: [permitTokenName, holders, amount] }),
  ]
}

/**
 * Plants Permit2 and the x402 exact and upto proxies at their canonical addresses (their runtime code needs
 * no constructor: Permit2 computes its domain per call, the proxies name Permit2 as a constant).
 */
export function permit2Plants(): RpcCall[] {
  return [
    { method: 'anvil_setCode', params: [permit2Address, Permit2.deployedBytecode] },
    { method: 'anvil_setCode', params: [exactPermit2ProxyAddress, ExactPermit2Proxy.deployedBytecode] },
    { method: 'anvil_setCode', params: [uptoPermit2ProxyAddress, UptoPermit2Proxy.deployedBytecode] },
  ]
}
