import {
  encodeAbiParameters,
  encodeDeployData,
  getContractAddress,
  keccak256,
  numberToHex,
  pad,
  toHex,
  type Address,
  type Hex,
} from 'viem'
import { Factory6492, MockUSDC, Multicall3, NoLowSToken, NonRevertingToken, Wallet1271 } from '../../contracts/artifacts/index.js'
import { ContractDeployError } from './errors.js'
import { rpcBatch, type RpcCall } from './rpc.js'
import { permit2Plants, permit2TokenCreations } from './permit2Contracts.js'
import { hostileAddresses, hostilePlants } from './hostileContracts.js'
import { exactPermit2ProxyAddress, permit2Address, uptoPermit2ProxyAddress } from '../evm/permit2/constants.js'
import type { ChainContracts } from './types.js'

/** Where Multicall3 lives on nearly every EVM chain. */
export const multicall3Address: Address = '0xcA11bde05977b3631167028862bE2a173976CA11'

export type DeployParameters = {
  rpcUrl: string
  deployer: Address
  /** Token name/version of the deployed mocks (MockUSDC, the variants, token B). */
  name: string
  version: string
  /** Every token credits each holder with `amount` (besides the smart wallets). */
  holders: readonly Address[]
  amount: bigint
  walletOwner: Address
  /** The default asset to plant at its canonical address, if the chain has one. */
  planted: { address: Address; name: string; version: string } | null
}

export type Deployed = ChainContracts & {
  /** The not-yet-deployed wallet of (walletOwner, salt) that Factory6492 deploys; already holds tokens. */
  counterfactual: { address: Address; owner: Address; salt: Hex }
}

/** Storage word of a Solidity string shorter than 32 bytes, or the slots of a longer one. */
function stringSlots(slot: number, value: string): [Hex, Hex][] {
  const bytes = new TextEncoder().encode(value)
  const slotHex = pad(toHex(slot))
  if (bytes.length < 32) {
    const word = new Uint8Array(32)
    word.set(bytes)
    word[31] = bytes.length * 2
    return [[slotHex, toHex(word)]]
  }
  const entries: [Hex, Hex][] = [[slotHex, pad(toHex(bytes.length * 2 + 1))]]
  const base = BigInt(keccak256(slotHex))
  for (let i = 0; i * 32 < bytes.length; i++) {
    const word = new Uint8Array(32)
    word.set(bytes.subarray(i * 32, i * 32 + 32))
    entries.push([pad(toHex(base + BigInt(i))), toHex(word)])
  }
  return entries
}

/** Storage writes that make MockUSDC's runtime code at some address a token with this name, version and balances. */
export function tokenStorage(name: string, version: string, balances: readonly [Address, bigint][]): [Hex, Hex][] {
  const { _name, _version, _totalSupply, _balances } = MockUSDC.storage
  const total = balances.reduce((sum, [, v]) => sum + v, 0n)
  return [
    ...stringSlots(_name, name),
    ...stringSlots(_version, version),
    [pad(toHex(_totalSupply)), pad(toHex(total))],
    ...balances.map(([who, v]): [Hex, Hex] => [
      keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [who, BigInt(_balances)])),
      pad(toHex(v)),
    ]),
  ]
}

/**
 * Deploys the contracts from `deployer` (an unlocked or impersonated account, from its current nonce on) and
 * plants Multicall3 and the default asset, all in one JSON-RPC batch (explicit nonces, so arrival order does
 * not matter), then waits for receipts.
 */
export async function deployAll(p: DeployParameters): Promise<Deployed> {
  const [count] = (await rpcBatch(p.rpcUrl, [{ method: 'eth_getTransactionCount', params: [p.deployer, 'pending'] }])) as [Hex]
  const first = Number(BigInt(count))
  const at = (i: number) => getContractAddress({ from: p.deployer, nonce: BigInt(first + i) })
  const addresses = [0, 1, 2, 3, 4, 5, 6, 7].map(at) as [Address, Address, Address, Address, Address, Address, Address, Address]
  const [mockUsdc, nonRevertingToken, noLowSToken, tokenB, factory6492, wallet1271, plainToken, permitToken] = addresses
  const salt = pad('0x00')
  const counterfactualAddress = getContractAddress({
    opcode: 'CREATE2',
    from: factory6492,
    salt,
    bytecode: encodeDeployData({ abi: Wallet1271.abi, bytecode: Wallet1271.bytecode, args: [p.walletOwner] }),
  })
  const holders = [...p.holders, wallet1271, counterfactualAddress]
  const tokenArgs = [p.name, p.version, holders, p.amount] as const
  const creations: Hex[] = [
    encodeDeployData({ abi: MockUSDC.abi, bytecode: MockUSDC.bytecode, args: tokenArgs }),
    encodeDeployData({ abi: NonRevertingToken.abi, bytecode: NonRevertingToken.bytecode, args: tokenArgs }),
    encodeDeployData({ abi: NoLowSToken.abi, bytecode: NoLowSToken.bytecode, args: tokenArgs }),
    encodeDeployData({ abi: MockUSDC.abi, bytecode: MockUSDC.bytecode, args: tokenArgs }),
    Factory6492.bytecode,
    encodeDeployData({ abi: Wallet1271.abi, bytecode: Wallet1271.bytecode, args: [p.walletOwner] }),
    ...permit2TokenCreations(holders, p.amount),
  ]
  const calls: RpcCall[] = creations.map((data, i) => ({
    method: 'eth_sendTransaction',
    params: [{ from: p.deployer, data, nonce: numberToHex(first + i), gas: numberToHex(6_000_000) }],
  }))
  calls.push({ method: 'anvil_setCode', params: [multicall3Address, Multicall3.deployedBytecode] })
  calls.push(...permit2Plants())
  calls.push(...hostilePlants(p.name, p.version))
  if (p.planted) {
    calls.push({ method: 'anvil_setCode', params: [p.planted.address, MockUSDC.deployedBytecode] })
    const storage = tokenStorage(
      p.planted.name,
      p.planted.version,
      holders.map((h) => [h, p.amount]),
    )
    for (const [slot, value] of storage) calls.push({ method: 'anvil_setStorageAt', params: [p.planted.address, slot, value] })
  }
  const results = await rpcBatch(p.rpcUrl, calls)
  const hashes = results.slice(0, creations.length) as Hex[]
  await waitForReceipts(p.rpcUrl, hashes, addresses)
  return {
    mockUsdc,
    nonRevertingToken,
    noLowSToken,
    tokenB,
    factory6492,
    wallet1271,
    multicall3: multicall3Address,
    permit2: permit2Address,
    exactPermit2Proxy: exactPermit2ProxyAddress,
    uptoPermit2Proxy: uptoPermit2ProxyAddress,
    plainToken,
    permitToken,
    ...hostileAddresses,
    counterfactual: { address: counterfactualAddress, owner: p.walletOwner, salt },
  }
}

async function waitForReceipts(rpcUrl: string, hashes: readonly Hex[], expected: readonly Address[]): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const receipts = (await rpcBatch(
      rpcUrl,
      hashes.map((h) => ({ method: 'eth_getTransactionReceipt', params: [h] })),
    )) as ({ status: Hex; contractAddress: Address | null } | null)[]
    if (receipts.every((r) => r !== null)) {
      receipts.forEach((r, i) => {
        if (r?.status !== '0x1' || r.contractAddress?.toLowerCase() !== expected[i]?.toLowerCase()) {
          throw new ContractDeployError({
            shortMessage: 'contract deployment failed on the chain',
            details: `transaction ${hashes[i]}`,
          })
        }
      })
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  throw new ContractDeployError({ shortMessage: 'contract deployment was not mined', details: 'is automine on?' })
}
