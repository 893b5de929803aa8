import fc from 'fast-check'
import { createPublicClient, createWalletClient, encodeFunctionData, getAddress, http, serializeErc6492Signature } from 'viem'
import type { Address, Chain as ViemChain, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { Factory6492 } from '../../contracts/artifacts/index.js'
import { balanceOf, startChain } from '../chain/index.js'
import type { Chain } from '../chain/index.js'
import { fromRequirements } from '../codecs/normalize.js'
import type { Requirements } from '../codecs/normalize.js'
import type { ExactEvmPayload } from '../types/exactEvm.js'
import { createPayment } from './createPayment.js'
import { getDeployCall } from './getDeployCall.js'
import { getSettleCall } from './getSettleCall.js'
import { paymentMutations } from './paymentMutations.js'
import { verifyPayment } from './verifyPayment.js'

const seed = Number(process.env['FC_SEED'] ?? 402)
let chain: Chain
beforeAll(async () => {
  chain = await startChain()
})
afterAll(async () => {
  await chain?.stop()
})

const chainNow = async () => Number((await chain.publicClient.getBlock()).timestamp)

/** Wire requirements of either version for the chain's asset, with optional overrides. */
function wireRequirements(version: 1 | 2, amount: bigint, over: Record<string, unknown> = {}) {
  const common = {
    scheme: 'exact',
    asset: chain.asset.address,
    payTo: chain.payTo,
    maxTimeoutSeconds: 120,
    extra: { name: chain.asset.name, version: chain.asset.version },
    ...over,
  }
  return version === 1
    ? {
        network: chain.networkV1 ?? chain.network,
        maxAmountRequired: amount.toString(),
        resource: 'https://api.example/paid',
        description: '',
        mimeType: 'application/json',
        ...common,
      }
    : { network: chain.network, amount: amount.toString(), ...common }
}

const reqOf = (version: 1 | 2, wire: ReturnType<typeof wireRequirements>): Requirements =>
  fromRequirements(version, wire as never)

async function pay(
  version: 1 | 2,
  amount: bigint,
  options: {
    payer?: number
    over?: Record<string, unknown>
    account?: Parameters<typeof createPayment>[0]['account']
    now?: number
    lifetime?: number
  } = {},
) {
  const now = options.now ?? (await chainNow())
  const wire = wireRequirements(version, amount, options.over)
  const account = options.account ?? privateKeyToAccount(chain.payers[options.payer ?? 0]!.privateKey)
  const validBefore = options.lifetime === undefined ? {} : { validBefore: BigInt(now + options.lifetime) }
  const paymentPayload = await createPayment({ account, requirements: reqOf(version, wire), now: () => now, ...validBefore })
  return { paymentPayload, wire, now }
}

const facilitatorWallet = () =>
  createWalletClient({
    account: privateKeyToAccount(chain.facilitator.privateKey),
    chain: chain.publicClient.chain as ViemChain,
    transport: http(chain.rpcUrl),
  })

describe('properties', () => {
  test('every generated valid payment verifies on chain (v1 and v2)', async () => {
    const now = await chainNow()
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(1 as const, 2 as const),
        fc.integer({ min: 0, max: 3 }),
        fc.bigInt({ min: 1n, max: 500_000n * 10n ** 6n }),
        fc.integer({ min: 30, max: 3600 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (version, payer, amount, maxTimeoutSeconds, fraction) => {
          const lifetime = 30 + Math.floor(fraction * (maxTimeoutSeconds - 30))
          const { paymentPayload, wire } = await pay(version, amount, { payer, over: { maxTimeoutSeconds }, now, lifetime })
          const result = await verifyPayment(chain.publicClient, {
            paymentPayload,
            paymentRequirements: wire,
            x402Version: version,
            now,
          })
          expect(result).toEqual({ isValid: true, payer: getAddress(chain.payers[payer]!.address) })
        },
      ),
      { seed, numRuns: 16 },
    )
  })

  test('single-field mutations are rejected on chain with the offline code, as a final verdict', async () => {
    const now = await chainNow()
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(1 as const, 2 as const),
        fc.constantFrom(...paymentMutations),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        async (version, m, amount) => {
          fc.pre(m.versions.includes(version))
          const { paymentPayload, wire } = await pay(version, amount, { now })
          const payment = structuredClone(paymentPayload) as Record<string, unknown>
          const requirements = structuredClone(wire) as Record<string, unknown>
          m.apply(payment, requirements, now)
          const result = await verifyPayment(chain.publicClient, {
            paymentPayload: payment,
            paymentRequirements: requirements,
            now,
          })
          expect(result, m.name).toMatchObject({ isValid: false, invalidReason: m.expect })
          expect(result, m.name).not.toHaveProperty('deferred')
        },
      ),
      { seed, numRuns: 40 },
    )
  })
})

describe('on-chain steps', () => {
  test('a uint256-scale amount verifies when the balance covers it', async () => {
    const payer = chain.payers[5]!
    await chain.mint(payer.address, 2n ** 200n)
    const { paymentPayload, wire, now } = await pay(2, 2n ** 200n, { payer: 5 })
    expect(await verifyPayment(chain.publicClient, { paymentPayload, paymentRequirements: wire, now })).toMatchObject({
      isValid: true,
    })
  })

  test('insufficient_funds', async () => {
    const balance = await balanceOf(chain.publicClient, chain.asset.address, chain.payers[1]!.address)
    const { paymentPayload, wire, now } = await pay(2, balance + 1n, { payer: 1 })
    expect(await verifyPayment(chain.publicClient, { paymentPayload, paymentRequirements: wire, now })).toMatchObject({
      isValid: false,
      invalidReason: 'insufficient_funds',
    })
  })

  test('settled with getSettleCall, then nonce already used', async () => {
    const { paymentPayload, wire, now } = await pay(1, 1234n, { payer: 2 })
    const before = await balanceOf(chain.publicClient, chain.asset.address, chain.payTo)
    const hash = await facilitatorWallet().writeContract(getSettleCall(paymentPayload, wire))
    expect((await chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe('success')
    expect(await balanceOf(chain.publicClient, chain.asset.address, chain.payTo)).toBe(before + 1234n)
    expect(await verifyPayment(chain.publicClient, { paymentPayload, paymentRequirements: wire, now })).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_evm_nonce_already_used',
    })
  })

  test('a domain name the token does not have: token domain mismatch', async () => {
    const { paymentPayload, wire, now } = await pay(2, 10n, {
      over: { extra: { name: 'Not USDC', version: chain.asset.version } },
    })
    expect(await verifyPayment(chain.publicClient, { paymentPayload, paymentRequirements: wire, now })).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_evm_token_domain_mismatch',
    })
  })

  test('an asset without code, and a contract that is not a token', async () => {
    for (const asset of ['0x00000000000000000000000000000000000a55e7', chain.contracts.multicall3]) {
      const { paymentPayload, wire, now } = await pay(2, 10n, { over: { asset } })
      expect(await verifyPayment(chain.publicClient, { paymentPayload, paymentRequirements: wire, now }), asset).toMatchObject({
        isValid: false,
        invalidReason: 'invalid_exact_evm_asset',
      })
    }
  })

  test('requirements for another chain: invalid_network', async () => {
    const { paymentPayload, wire, now } = await pay(2, 10n, { over: { network: 'eip155:1' } })
    expect(await verifyPayment(chain.publicClient, { paymentPayload, paymentRequirements: wire, now })).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_network',
    })
  })

  test('a transfer the token refuses: simulation failed (payTo is the zero address)', async () => {
    const { paymentPayload, wire, now } = await pay(2, 10n, { over: { payTo: '0x0000000000000000000000000000000000000000' } })
    const result = await verifyPayment(chain.publicClient, { paymentPayload, paymentRequirements: wire, now })
    expect(result).toMatchObject({ isValid: false, invalidReason: 'invalid_exact_evm_transaction_simulation_failed' })
    expect(result.isValid === false && result.invalidMessage).toContain('transfer to the zero address')
  })

  test('an EOA with a bad signature and no funds: the signature is reported (step order)', async () => {
    const { paymentPayload, wire, now } = await pay(2, 10n ** 30n, { payer: 3 })
    const tampered = structuredClone(paymentPayload) as unknown as { payload: ExactEvmPayload }
    tampered.payload.authorization.nonce = `0x${'00'.repeat(32)}`
    const result = await verifyPayment(chain.publicClient, { paymentPayload: tampered, paymentRequirements: wire, now })
    expect(result).toMatchObject({ isValid: false, invalidReason: 'invalid_exact_evm_payload_signature' })
    expect(result).not.toHaveProperty('deferred')
  })

  test('an RPC that does not answer: unexpected_verify_error', async () => {
    const { paymentPayload, wire, now } = await pay(2, 10n)
    const dead = createPublicClient({
      chain: chain.publicClient.chain,
      transport: http('http://127.0.0.1:9', { retryCount: 0, timeout: 2_000 }),
    })
    expect(await verifyPayment(dead, { paymentPayload, paymentRequirements: wire, now })).toMatchObject({
      isValid: false,
      invalidReason: 'unexpected_verify_error',
    })
  })
})

describe('contract signers', () => {
  test('ERC-1271: a deployed wallet whose owner signed is valid, and settles', async () => {
    const { address, owner } = chain.smartWallets.deployed
    const ownerAccount = privateKeyToAccount(owner.privateKey)
    const account = { address: address as Address, signTypedData: ownerAccount.signTypedData }
    const { paymentPayload, wire, now } = await pay(2, 77n, { account })
    expect(await verifyPayment(chain.publicClient, { paymentPayload, paymentRequirements: wire, now })).toEqual({
      isValid: true,
      payer: getAddress(address),
    })
    const hash = await facilitatorWallet().writeContract(getSettleCall(paymentPayload, wire))
    expect((await chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe('success')
  })

  test('ERC-1271: a signature by someone else is refused', async () => {
    const stranger = privateKeyToAccount(chain.payers[4]!.privateKey)
    const account = { address: chain.smartWallets.deployed.address as Address, signTypedData: stranger.signTypedData }
    const { paymentPayload, wire, now } = await pay(2, 77n, { account })
    expect(await verifyPayment(chain.publicClient, { paymentPayload, paymentRequirements: wire, now })).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_evm_payload_signature',
    })
  })

  test('ERC-6492: a counterfactual wallet verifies (deploy + transfer simulated), then deploys and settles', async () => {
    const { address, owner, salt, factory } = chain.smartWallets.counterfactual
    const ownerAccount = privateKeyToAccount(owner.privateKey)
    const data = encodeFunctionData({ abi: Factory6492.abi, functionName: 'deploy', args: [owner.address, salt] })
    const account = {
      address: address as Address,
      signTypedData: async (p: Parameters<typeof ownerAccount.signTypedData>[0]) =>
        serializeErc6492Signature({ address: factory, data, signature: await ownerAccount.signTypedData(p) }),
    }
    const { paymentPayload, wire, now } = await pay(2, 55n, { account })
    expect(await chain.publicClient.getCode({ address })).toBeUndefined()
    expect(await verifyPayment(chain.publicClient, { paymentPayload, paymentRequirements: wire, now })).toEqual({
      isValid: true,
      payer: getAddress(address),
    })
    expect(
      await verifyPayment(chain.publicClient, { paymentPayload, paymentRequirements: wire, now, allowedFactories: [] }),
    ).toMatchObject({ isValid: false, invalidReason: 'invalid_exact_evm_payload_signature' })
    const toNobody = await pay(2, 55n, { account, over: { payTo: '0x0000000000000000000000000000000000000000' } })
    const refused = await verifyPayment(chain.publicClient, {
      paymentPayload: toNobody.paymentPayload,
      paymentRequirements: toNobody.wire,
      now,
    })
    expect(refused).toMatchObject({ isValid: false, invalidReason: 'invalid_exact_evm_transaction_simulation_failed' })
    expect(refused.isValid === false && refused.invalidMessage).toContain('transfer to the zero address')
    const wallet = facilitatorWallet()
    const deploy = getDeployCall(paymentPayload)!
    await chain.publicClient.waitForTransactionReceipt({ hash: await wallet.sendTransaction(deploy) })
    const hash = await wallet.writeContract(getSettleCall(paymentPayload, wire))
    expect((await chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe('success')
  })

  test("ERC-6492: a wrapper around a stranger's signature is refused", async () => {
    const { address, owner, salt, factory } = chain.smartWallets.counterfactual
    const stranger = privateKeyToAccount(chain.payers[4]!.privateKey)
    const data = encodeFunctionData({ abi: Factory6492.abi, functionName: 'deploy', args: [owner.address, salt] })
    const account = {
      address: address as Address,
      signTypedData: async (p: Parameters<typeof stranger.signTypedData>[0]) =>
        serializeErc6492Signature({ address: factory, data, signature: await stranger.signTypedData(p) }) as Hex,
    }
    const { paymentPayload, wire, now } = await pay(2, 55n, { account })
    expect(await verifyPayment(chain.publicClient, { paymentPayload, paymentRequirements: wire, now })).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_evm_payload_signature',
    })
  })
})
