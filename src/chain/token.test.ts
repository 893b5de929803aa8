// biome-ignore-all format: a table of rows, one row per line, reads better than the formatter's layout
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { BaseError, ContractFunctionRevertedError, encodeFunctionData, serializeErc6492Signature, keccak256, numberToHex, parseSignature, serializeSignature, toHex, type Address, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { Factory6492, MockUSDC } from '../../contracts/artifacts/index.js'
import { authorizationState, balanceOf, transferEvents } from './ledger.js'
import { startChain } from './startChain.js'
import type { Chain, ChainAccount } from './types.js'

let chain: Chain
beforeAll(async () => { chain = await startChain() })
afterAll(async () => { await chain?.stop() })

const secp256k1n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
let nonceCounter = 0
const freshNonce = (): Hex => keccak256(toHex(`token.test nonce ${nonceCounter++}`))

type Auth = { from: Address; to: Address; value: bigint; validAfter: bigint; validBefore: bigint; nonce: Hex }

async function now(): Promise<bigint> {
  return (await chain.publicClient.getBlock()).timestamp
}

const field = (n: string, type: string) => ({ name: n, type })
const transferTypes = { TransferWithAuthorization: [field('from', 'address'), field('to', 'address'), field('value', 'uint256'), field('validAfter', 'uint256'), field('validBefore', 'uint256'), field('nonce', 'bytes32')] }

/** The TransferWithAuthorization typed data of `auth` for `token`'s domain. */
async function typedData(token: Address, auth: Auth) {
  const name = await chain.publicClient.readContract({ address: token, abi: MockUSDC.abi, functionName: 'name' })
  const version = await chain.publicClient.readContract({ address: token, abi: MockUSDC.abi, functionName: 'version' })
  return { domain: { name, version, chainId: chain.chainId, verifyingContract: token }, types: transferTypes, primaryType: 'TransferWithAuthorization' as const, message: auth }
}

async function authorize(token: Address, signer: ChainAccount, overrides: Partial<Auth> = {}, primaryType: 'TransferWithAuthorization' | 'ReceiveWithAuthorization' = 'TransferWithAuthorization') {
  const t = await now()
  const auth: Auth = { from: signer.address, to: chain.payTo, value: 1_000n, validAfter: t - 60n, validBefore: t + 600n, nonce: freshNonce(), ...overrides }
  const name = await chain.publicClient.readContract({ address: token, abi: MockUSDC.abi, functionName: 'name' })
  const version = await chain.publicClient.readContract({ address: token, abi: MockUSDC.abi, functionName: 'version' })
  const signature = await privateKeyToAccount(signer.privateKey).signTypedData({
    domain: { name, version, chainId: chain.chainId, verifyingContract: token },
    types: { [primaryType]: [field('from', 'address'), field('to', 'address'), field('value', 'uint256'), field('validAfter', 'uint256'), field('validBefore', 'uint256'), field('nonce', 'bytes32')] },
    primaryType,
    message: auth,
  })
  return { auth, signature }
}

const args = (a: Auth) => [a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce] as const
const vrs = (signature: Hex) => {
  const { r, s, v, yParity } = parseSignature(signature)
  return [Number(v ?? BigInt(yParity + 27)), r, s] as const
}

/** Sends the bytes-signature overload from the facilitator account; returns the receipt. */
async function settle(token: Address, auth: Auth, signature: Hex, from: ChainAccount = chain.facilitator) {
  const hash = await chain.publicClient.request({
    method: 'eth_sendTransaction',
    params: [{ from: from.address, to: token, gas: numberToHex(300_000), data: encodeFunctionData({ abi: MockUSDC.abi, functionName: 'transferWithAuthorization', args: [...args(auth), signature] }) }],
  } as never) as Hex
  return chain.publicClient.waitForTransactionReceipt({ hash })
}

async function revertReason(call: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await call()
  } catch (error) {
    const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null
    if (reverted instanceof ContractFunctionRevertedError) return reverted.reason
    throw error
  }
  return undefined
}

const simulate = (token: Address, auth: Auth, signature: Hex) => () =>
  chain.publicClient.simulateContract({ account: chain.facilitator.address, address: token, abi: MockUSDC.abi, functionName: 'transferWithAuthorization', args: [...args(auth), signature] })

describe('MockUSDC', () => {
  test('transferWithAuthorization (v, r, s) pays', async () => {
    const token = chain.contracts.mockUsdc
    const payer = chain.payers[1]!
    const { auth, signature } = await authorize(token, payer, { value: 1234n })
    const before = [await balanceOf(chain.publicClient, token, payer.address), await balanceOf(chain.publicClient, token, chain.payTo)]
    const { request } = await chain.publicClient.simulateContract({ account: chain.facilitator.address, address: token, abi: MockUSDC.abi, functionName: 'transferWithAuthorization', args: [...args(auth), ...vrs(signature)] })
    const hash = await chain.publicClient.request({ method: 'eth_sendTransaction', params: [{ from: chain.facilitator.address, to: token, data: encodeFunctionData(request) }] } as never) as Hex
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash })
    expect(receipt.status).toBe('success')
    expect(await balanceOf(chain.publicClient, token, payer.address)).toBe(before[0]! - 1234n)
    expect(await balanceOf(chain.publicClient, token, chain.payTo)).toBe(before[1]! + 1234n)
    expect(await authorizationState(chain.publicClient, token, payer.address, auth.nonce)).toBe(true)
    const events = await transferEvents(chain.publicClient, token, receipt.blockNumber, receipt.blockNumber)
    expect(events.map(({ from, to, value }) => ({ from, to, value }))).toEqual([{ from: payer.address, to: chain.payTo, value: 1234n }])
  })

  test('transferWithAuthorization (bytes signature) pays', async () => {
    const token = chain.contracts.mockUsdc
    const payer = chain.payers[2]!
    const { auth, signature } = await authorize(token, payer, { value: 77n })
    const before = await balanceOf(chain.publicClient, token, payer.address)
    expect((await settle(token, auth, signature)).status).toBe('success')
    expect(await balanceOf(chain.publicClient, token, payer.address)).toBe(before - 77n)
  })

  test('receiveWithAuthorization pays only when the payee calls', async () => {
    const token = chain.contracts.mockUsdc
    const payTo = { address: chain.payTo, privateKey: '0x' as Hex }
    const { auth, signature } = await authorize(token, chain.payers[3]!, {}, 'ReceiveWithAuthorization')
    const call = (account: Address) => () => chain.publicClient.simulateContract({ account, address: token, abi: MockUSDC.abi, functionName: 'receiveWithAuthorization', args: [...args(auth), signature] })
    expect(await revertReason(call(chain.facilitator.address))).toBe('FiatTokenV2: caller must be the payee')
    expect(await revertReason(call(payTo.address))).toBeUndefined()
  })

  describe('errors', () => {
    test('replay', async () => {
      const { auth, signature } = await authorize(chain.contracts.mockUsdc, chain.payers[0]!)
      expect((await settle(chain.contracts.mockUsdc, auth, signature)).status).toBe('success')
      expect(await revertReason(simulate(chain.contracts.mockUsdc, auth, signature))).toBe('FiatTokenV2: authorization is used or canceled')
      expect((await settle(chain.contracts.mockUsdc, auth, signature)).status).toBe('reverted')
    })

    test('args: validBefore in the past (expired)', async () => {
      const t = await now()
      const { auth, signature } = await authorize(chain.contracts.mockUsdc, chain.payers[0]!, { validAfter: 0n, validBefore: t - 1n })
      expect(await revertReason(simulate(chain.contracts.mockUsdc, auth, signature))).toBe('FiatTokenV2: authorization is expired')
    })

    test('args: validAfter in the future (not yet valid)', async () => {
      const t = await now()
      const { auth, signature } = await authorize(chain.contracts.mockUsdc, chain.payers[0]!, { validAfter: t + 3600n, validBefore: t + 7200n })
      expect(await revertReason(simulate(chain.contracts.mockUsdc, auth, signature))).toBe('FiatTokenV2: authorization is not yet valid')
    })

    test('wrong signer', async () => {
      const { auth, signature } = await authorize(chain.contracts.mockUsdc, chain.payers[0]!, { from: chain.payers[1]!.address })
      expect(await revertReason(simulate(chain.contracts.mockUsdc, auth, signature))).toBe('FiatTokenV2: invalid signature')
    })

    test('signature for another token (verifying contract)', async () => {
      const { auth, signature } = await authorize(chain.contracts.tokenB, chain.payers[0]!)
      expect(await revertReason(simulate(chain.contracts.mockUsdc, auth, signature))).toBe('FiatTokenV2: invalid signature')
    })

    test('high-s signature', async () => {
      const { auth, signature } = await authorize(chain.contracts.mockUsdc, chain.payers[0]!)
      const { r, s, yParity } = parseSignature(signature)
      const malleable = serializeSignature({ r, s: numberToHex(secp256k1n - BigInt(s), { size: 32 }), yParity: 1 - yParity })
      expect(await revertReason(simulate(chain.contracts.mockUsdc, auth, malleable))).toBe("ECRecover: invalid signature 's' value")
    })

    test('cancelled authorization', async () => {
      const token = chain.contracts.mockUsdc
      const payer = chain.payers[0]!
      const { auth, signature } = await authorize(token, payer)
      const cancel = await privateKeyToAccount(payer.privateKey).signTypedData({
        domain: { name: chain.asset.name, version: chain.asset.version, chainId: chain.chainId, verifyingContract: token },
        types: { CancelAuthorization: [{ name: 'authorizer', type: 'address' }, { name: 'nonce', type: 'bytes32' }] },
        primaryType: 'CancelAuthorization',
        message: { authorizer: payer.address, nonce: auth.nonce },
      })
      const hash = await chain.publicClient.request({ method: 'eth_sendTransaction', params: [{ from: chain.facilitator.address, to: token, data: encodeFunctionData({ abi: MockUSDC.abi, functionName: 'cancelAuthorization', args: [payer.address, auth.nonce, ...vrs(cancel)] }) }] } as never) as Hex
      expect((await chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe('success')
      expect(await authorizationState(chain.publicClient, token, payer.address, auth.nonce)).toBe(true)
      expect(await revertReason(simulate(token, auth, signature))).toBe('FiatTokenV2: authorization is used or canceled')
    })

    test('amount above the balance', async () => {
      const { auth, signature } = await authorize(chain.contracts.mockUsdc, chain.payers[0]!, { value: 10n ** 18n })
      expect(await revertReason(simulate(chain.contracts.mockUsdc, auth, signature))).toBe('ERC20: transfer amount exceeds balance')
    })
  })
})

describe('variants', () => {
  test('NonRevertingToken: a replay succeeds without transferring', async () => {
    const token = chain.contracts.nonRevertingToken
    const payer = chain.payers[4]!
    const { auth, signature } = await authorize(token, payer, { value: 500n })
    expect((await settle(token, auth, signature)).status).toBe('success')
    const before = [await balanceOf(chain.publicClient, token, payer.address), await balanceOf(chain.publicClient, token, chain.payTo)]
    const replay = await settle(token, auth, signature)
    expect(replay.status).toBe('success')
    expect(replay.logs).toEqual([])
    expect([await balanceOf(chain.publicClient, token, payer.address), await balanceOf(chain.publicClient, token, chain.payTo)]).toEqual(before)
  })

  test('NoLowSToken: a high-s signature pays', async () => {
    const token = chain.contracts.noLowSToken
    const { auth, signature } = await authorize(token, chain.payers[4]!)
    const { r, s, yParity } = parseSignature(signature)
    const malleable = serializeSignature({ r, s: numberToHex(secp256k1n - BigInt(s), { size: 32 }), yParity: 1 - yParity })
    expect((await settle(token, auth, malleable)).status).toBe('success')
  })

  test('token B has the same name and another address', async () => {
    const read = (address: Address) => chain.publicClient.readContract({ address, abi: MockUSDC.abi, functionName: 'name' })
    expect(await read(chain.contracts.tokenB)).toBe(await read(chain.contracts.mockUsdc))
    expect(chain.contracts.tokenB).not.toBe(chain.contracts.mockUsdc)
  })
})

describe('smart wallets', () => {
  test('ERC-1271 wallet pays with its owner\'s signature', async () => {
    const token = chain.contracts.mockUsdc
    const wallet = chain.smartWallets.deployed
    const { auth, signature } = await authorize(token, wallet.owner, { from: wallet.address, value: 321n })
    const before = await balanceOf(chain.publicClient, token, wallet.address)
    expect((await settle(token, auth, signature)).status).toBe('success')
    expect(await balanceOf(chain.publicClient, token, wallet.address)).toBe(before - 321n)
  })

  test('ERC-1271 wallet rejects another signer', async () => {
    const wallet = chain.smartWallets.deployed
    const { auth, signature } = await authorize(chain.contracts.mockUsdc, chain.payers[5]!, { from: wallet.address })
    expect(await revertReason(simulate(chain.contracts.mockUsdc, auth, signature))).toBe('FiatTokenV2: invalid signature')
  })

  test('ERC-6492 factory deploys the counterfactual wallet, which then pays', async () => {
    const { address, owner, salt, factory } = chain.smartWallets.counterfactual
    expect(await chain.publicClient.readContract({ address: factory, abi: Factory6492.abi, functionName: 'predictAddress', args: [owner.address, salt] })).toBe(address)
    expect(await chain.publicClient.getCode({ address })).toBeUndefined()
    const token = chain.asset.address
    const { auth, signature } = await authorize(token, owner, { from: address, value: 999n })
    expect(await revertReason(simulate(token, auth, signature))).toBe('FiatTokenV2: invalid signature')
    // An ERC-6492 verifier (viem's) accepts the wrapped signature before the wallet exists.
    const deployCall = encodeFunctionData({ abi: Factory6492.abi, functionName: 'deploy', args: [owner.address, salt] })
    const wrapped = serializeErc6492Signature({ address: factory, data: deployCall, signature })
    const typed = await typedData(token, auth)
    expect(await chain.publicClient.verifyTypedData({ ...typed, address, signature: wrapped })).toBe(true)
    expect(await chain.publicClient.verifyTypedData({ ...typed, address, signature: serializeErc6492Signature({ address: factory, data: deployCall, signature: (await authorize(token, chain.payers[5]!, auth)).signature }) })).toBe(false)
    const hash = await chain.publicClient.request({ method: 'eth_sendTransaction', params: [{ from: chain.facilitator.address, to: factory, data: encodeFunctionData({ abi: Factory6492.abi, functionName: 'deploy', args: [owner.address, salt] }) }] } as never) as Hex
    expect((await chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe('success')
    expect(await chain.publicClient.getCode({ address })).toMatch(/^0x[0-9a-f]+$/)
    const before = await balanceOf(chain.publicClient, token, address)
    expect((await settle(token, auth, signature)).status).toBe('success')
    expect(await balanceOf(chain.publicClient, token, address)).toBe(before - 999n)
  })
})

test('Multicall3 at its canonical address answers aggregate3 and tryAggregate', async () => {
  const results = await chain.publicClient.multicall({
    contracts: [
      { address: chain.asset.address, abi: MockUSDC.abi, functionName: 'decimals' },
      { address: chain.contracts.mockUsdc, abi: MockUSDC.abi, functionName: 'balanceOf', args: [chain.payers[6]!.address] },
    ],
    allowFailure: false,
  })
  expect(results).toEqual([6, 1_000_000n * 10n ** 6n])
  const tryAggregate = [{ type: 'function', name: 'tryAggregate', stateMutability: 'payable', inputs: [{ name: 'requireSuccess', type: 'bool' }, { name: 'calls', type: 'tuple[]', components: [{ name: 'target', type: 'address' }, { name: 'callData', type: 'bytes' }] }], outputs: [{ name: 'returnData', type: 'tuple[]', components: [{ name: 'success', type: 'bool' }, { name: 'returnData', type: 'bytes' }] }] }] as const
  const { result } = await chain.publicClient.simulateContract({
    address: chain.contracts.multicall3, abi: tryAggregate, functionName: 'tryAggregate',
    args: [false, [{ target: chain.asset.address, callData: encodeFunctionData({ abi: MockUSDC.abi, functionName: 'decimals' }) }, { target: chain.asset.address, callData: '0xdeadbeef' }]],
  })
  expect(result.map((r) => r.success)).toEqual([true, false])
})

test('permit sets an allowance and increments the nonce', async () => {
  const token = chain.contracts.mockUsdc
  const owner = chain.payers[6]!
  const deadline = (await now()) + 600n
  const signature = await privateKeyToAccount(owner.privateKey).signTypedData({
    domain: { name: chain.asset.name, version: chain.asset.version, chainId: chain.chainId, verifyingContract: token },
    types: { Permit: [{ name: 'owner', type: 'address' }, { name: 'spender', type: 'address' }, { name: 'value', type: 'uint256' }, { name: 'nonce', type: 'uint256' }, { name: 'deadline', type: 'uint256' }] },
    primaryType: 'Permit',
    message: { owner: owner.address, spender: chain.facilitator.address, value: 42n, nonce: 0n, deadline },
  })
  const hash = await chain.publicClient.request({ method: 'eth_sendTransaction', params: [{ from: chain.facilitator.address, to: token, data: encodeFunctionData({ abi: MockUSDC.abi, functionName: 'permit', args: [owner.address, chain.facilitator.address, 42n, deadline, ...vrs(signature)] }) }] } as never) as Hex
  expect((await chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe('success')
  expect(await chain.publicClient.readContract({ address: token, abi: MockUSDC.abi, functionName: 'allowance', args: [owner.address, chain.facilitator.address] })).toBe(42n)
  expect(await chain.publicClient.readContract({ address: token, abi: MockUSDC.abi, functionName: 'nonces', args: [owner.address] })).toBe(1n)
})
