import { encodeFunctionData, keccak256, toHex, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { MockUSDC } from '../../contracts/artifacts/index.js'
import type { Chain } from '../../src/chain/types.js'
import { signAuthorization } from '../../src/evm/signAuthorization.js'

// Test-only: a raw EIP-3009 settlement against a chain's asset, for the chain tests that check the
// token and the ledger themselves (no facilitator in between).

/**
 * `transferWithAuthorization` calldata of `value` from payers[index] to payTo, signed for the chain's
 * asset domain, valid for ten minutes from the head block; the nonce is the hash of `label`.
 */
export async function signedTransferData(
  chain: Chain,
  index: number,
  value: bigint,
  label: string,
): Promise<{ data: Hex; nonce: Hex }> {
  const payer = chain.payers[index]!
  const t = (await chain.publicClient.getBlock()).timestamp
  const authorization = {
    from: payer.address,
    to: chain.payTo,
    value,
    validAfter: 0n,
    validBefore: t + 600n,
    nonce: keccak256(toHex(label)),
  }
  const { name, version, address: verifyingContract } = chain.asset
  const signature = await signAuthorization({
    account: privateKeyToAccount(payer.privateKey),
    domain: { name, version, chainId: chain.chainId, verifyingContract },
    authorization,
  })
  const { from, to, validAfter, validBefore, nonce } = authorization
  const args = [from, to, value, validAfter, validBefore, nonce, signature] as const
  return { data: encodeFunctionData({ abi: MockUSDC.abi, functionName: 'transferWithAuthorization', args }), nonce }
}

/** Sends `data` to the chain's asset from an unlocked anvil account; resolves to the transaction hash. */
export const sendToAsset = (chain: Chain, from: Hex, data: Hex): Promise<Hex> =>
  chain.publicClient.request({
    method: 'eth_sendTransaction',
    params: [{ from, to: chain.asset.address, data, gas: '0x30000' }],
  } as never) as Promise<Hex>
