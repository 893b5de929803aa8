import { beforeAll, describe, expect, test } from 'vitest'
import { erc20Abi } from 'viem'
import type { Address, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { anvilPrivateKeys } from '../chain/index.js'
import type { Chain } from '../chain/index.js'
import { mine, setAutomine } from '../chain/races.js'
import { fromRequirementsV2 } from '../codecs/normalize.js'
import { createPayment } from '../evm/index.js'
import type { PaymentRequirementsV2 } from '../types/v2.js'
import type { RunningFacilitator } from './createFacilitator.js'
import { useChainWithFacilitators } from '../../test/support/facilitatorSetup.js'

const env = useChainWithFacilitators()
let chain: Chain
beforeAll(() => {
  chain = env.chain
})
const facilitator = env.facilitator
const requirements = (
  asset: Address = chain.asset.address,
  extra: Record<string, string> = { name: chain.asset.name, version: chain.asset.version },
): PaymentRequirementsV2 => ({
  scheme: 'exact',
  network: chain.network,
  amount: '10000',
  asset,
  payTo: chain.payTo,
  maxTimeoutSeconds: 60,
  extra,
})
async function body(i: number, req = requirements()) {
  const paymentPayload = await createPayment({
    account: privateKeyToAccount(chain.payers[i % chain.payers.length]!.privateKey),
    requirements: fromRequirementsV2(req),
  })
  return { x402Version: 2, paymentPayload, paymentRequirements: req }
}
const settle = async (f: RunningFacilitator, b: unknown) => {
  const r = await fetch(`${f.url}/settle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(b),
  })
  return (await r.json()) as { success: boolean; transaction: string; errorReason?: string; errorMessage?: string }
}
const pendingCount = (address: Address) => chain.publicClient.getTransactionCount({ address, blockTag: 'pending' })
/** Waits (bounded) until `address` has `n` transactions pending or mined. */
async function untilPending(address: Address, n: number) {
  for (let i = 0; i < 200 && (await pendingCount(address)) < n; i++) await new Promise((r) => setTimeout(r, 25))
  expect(await pendingCount(address)).toBeGreaterThanOrEqual(n)
}

describe('concurrency', () => {
  test('two concurrent settles of one authorization broadcast once; one succeeds, the other is nonce-used', async () => {
    const f = await facilitator()
    const b = await body(4)
    const before = await pendingCount(chain.facilitator.address)
    await setAutomine(chain.testClient, false)
    try {
      const both = Promise.all([settle(f, b), settle(f, b)])
      await untilPending(chain.facilitator.address, before + 1)
      await mine(chain.testClient)
      const answers = await both
      expect(answers.filter((a) => a.success)).toHaveLength(1)
      expect(answers.filter((a) => !a.success)[0]).toMatchObject({
        errorReason: 'invalid_exact_evm_nonce_already_used',
        transaction: answers.find((a) => a.success)!.transaction,
      })
    } finally {
      await setAutomine(chain.testClient, true)
    }
    expect(await pendingCount(chain.facilitator.address)).toBe(before + 1)
  })

  test('40 concurrent distinct settlements all land, with distinct nonces', async () => {
    const f = await facilitator()
    const before = await pendingCount(chain.facilitator.address)
    const bodies = await Promise.all(Array.from({ length: 40 }, (_, i) => body(i)))
    const answers = await Promise.all(bodies.map((b) => settle(f, b)))
    expect(answers.filter((a) => !a.success)).toEqual([])
    expect(new Set(answers.map((a) => a.transaction)).size).toBe(40)
    expect(await pendingCount(chain.facilitator.address)).toBe(before + 40)
  })
})

describe('transactions that fail after broadcast', () => {
  test('a receipt that does not arrive in time is reported with its hash; a later settle reports that transaction', async () => {
    const f = await facilitator({ receiptTimeoutMs: 300 })
    const b = await body(5)
    await setAutomine(chain.testClient, false)
    let first: Awaited<ReturnType<typeof settle>>
    try {
      first = await settle(f, b)
      expect(first).toMatchObject({ success: false, errorReason: 'settlement_pending' })
      expect(first.transaction).toMatch(/^0x[0-9a-f]{64}$/)
      await mine(chain.testClient)
    } finally {
      await setAutomine(chain.testClient, true)
    }
    const before = await pendingCount(chain.facilitator.address)
    const second = await settle(f, b)
    expect(second).toMatchObject({ success: true, transaction: first.transaction })
    expect(await pendingCount(chain.facilitator.address)).toBe(before)
  })

  test('a reverted settlement is reported with its hash', async () => {
    // two facilitators with different keys race for one authorization: one of the transactions reverts
    const a = await facilitator()
    const other = privateKeyToAccount(anvilPrivateKeys[0]!)
    const b = await facilitator({ privateKey: anvilPrivateKeys[0]! })
    const payment = await body(6)
    await setAutomine(chain.testClient, false)
    try {
      const both = Promise.all([settle(a, payment), settle(b, payment)])
      await untilPending(
        chain.facilitator.address,
        (await chain.publicClient.getTransactionCount({ address: chain.facilitator.address })) + 1,
      )
      await untilPending(other.address, (await chain.publicClient.getTransactionCount({ address: other.address })) + 1)
      await mine(chain.testClient)
      const answers = await both
      expect(answers.filter((x) => x.success)).toHaveLength(1)
      const failed = answers.find((x) => !x.success)!
      expect(failed).toMatchObject({ errorReason: 'invalid_exact_evm_transaction_failed' })
      expect(failed.transaction).toMatch(/^0x[0-9a-f]{64}$/)
      expect(failed.errorMessage).toMatch(/reverted/)
    } finally {
      await setAutomine(chain.testClient, true)
    }
  })

  test('a token that "succeeds" without transferring is caught by the Transfer check', async () => {
    const token = chain.contracts.nonRevertingToken
    const abi = [
      { type: 'function', name: 'name', stateMutability: 'view', inputs: [], outputs: [{ type: 'string' }] },
      { type: 'function', name: 'version', stateMutability: 'view', inputs: [], outputs: [{ type: 'string' }] },
    ] as const
    const name = await chain.publicClient.readContract({ address: token, abi, functionName: 'name' })
    const version = await chain.publicClient.readContract({ address: token, abi, functionName: 'version' })
    const req = requirements(token, { name, version })
    const payment = await body(3, req)
    // a variant that skips re-verification broadcasts an already-used authorization; the token does not revert
    const trusting = await facilitator({
      steps: { verifyBeforeSettle: async () => ({ isValid: true, payer: chain.payers[3]!.address }) },
    })
    expect(await settle(trusting, payment)).toMatchObject({ success: true })
    const payeeBefore = await chain.publicClient.readContract({
      address: token,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [chain.payTo],
    })
    const replay = await settle(trusting, payment)
    expect(replay).toMatchObject({ success: false, errorReason: 'invalid_exact_evm_transaction_failed' })
    expect(replay.transaction).toMatch(/^0x[0-9a-f]{64}$/)
    expect(replay.errorMessage).toMatch(/did not transfer/)
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: replay.transaction as Hex })
    expect(receipt.status).toBe('success')
    expect(
      await chain.publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [chain.payTo] }),
    ).toBe(payeeBefore)
    // the same variant without the Transfer and balance checks is fooled: the checks are what catch it
    const blind = await facilitator({
      steps: {
        verifyBeforeSettle: async () => ({ isValid: true, payer: chain.payers[3]!.address }),
        checkTransfer: () => undefined,
        checkPaid: async () => undefined,
      },
    })
    expect(await settle(blind, payment)).toMatchObject({ success: true })
  })
})
