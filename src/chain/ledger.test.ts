import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Hex } from 'viem'
import { sendToAsset, signedTransferData } from '../../test/support/signedTransfer.js'
import { authorizationState, balanceOf, diffBalances, snapshotBalances, transferEvents, txCount } from './ledger.js'
import { mine, setAutomine } from './races.js'
import { initialTokenBalance, startChain } from './startChain.js'
import type { Chain } from './types.js'

let chain: Chain
beforeAll(async () => {
  chain = await startChain()
})
afterAll(async () => {
  await chain?.stop()
})

const send = (from: Hex, data: Hex) => sendToAsset(chain, from, data)
const settleData = (index: number, value: bigint, label: string) => signedTransferData(chain, index, value, label)

describe('ledger', () => {
  test('balances, authorizationState, Transfer events and transaction count follow one settlement', async () => {
    const payer = chain.payers[1]!.address
    const watched = [payer, chain.payTo]
    const before = await snapshotBalances(chain.publicClient, chain.asset.address, watched)
    const count = await txCount(chain.publicClient, chain.facilitator.address)
    const fromBlock = (await chain.publicClient.getBlockNumber()) + 1n
    const { data, nonce } = await settleData(1, 2_500n, 'ledger one')
    expect(await authorizationState(chain.publicClient, chain.asset.address, payer, nonce)).toBe(false)
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash: await send(chain.facilitator.address, data) })
    expect(receipt.status).toBe('success')
    const after = await snapshotBalances(chain.publicClient, chain.asset.address, watched)
    expect(diffBalances(before, after)).toEqual(
      new Map([
        [payer.toLowerCase(), -2_500n],
        [chain.payTo.toLowerCase(), 2_500n],
      ]),
    )
    expect(await authorizationState(chain.publicClient, chain.asset.address, payer, nonce)).toBe(true)
    expect(await txCount(chain.publicClient, chain.facilitator.address)).toBe(count + 1)
    expect(await transferEvents(chain.publicClient, chain.asset.address, fromBlock)).toEqual([
      { from: payer, to: chain.payTo, value: 2_500n, txHash: receipt.transactionHash, blockNumber: receipt.blockNumber },
    ])
  })

  test('transferEvents: a range that starts after the head has none', async () => {
    const head = await chain.publicClient.getBlockNumber()
    expect(await transferEvents(chain.publicClient, chain.asset.address, head + 1n)).toEqual([])
    expect(await transferEvents(chain.publicClient, chain.asset.address, head + 5n, head + 2n)).toEqual([])
  })

  test('mint credits the asset by default, or the given token', async () => {
    const who = chain.payers[2]!.address
    await chain.mint(who, 7n)
    await chain.mint(who, 9n, chain.contracts.tokenB)
    expect(await balanceOf(chain.publicClient, chain.asset.address, who)).toBe(initialTokenBalance + 7n)
    expect(await balanceOf(chain.publicClient, chain.contracts.tokenB, who)).toBe(initialTokenBalance + 9n)
  })
})

describe('races', () => {
  test('with automine off, two settlements of one authorization land in one block and only one pays', async () => {
    const { data } = await settleData(3, 1_000n, 'race')
    const payer = chain.payers[3]!.address
    const before = await balanceOf(chain.publicClient, chain.asset.address, payer)
    const blockBefore = await chain.publicClient.getBlockNumber()
    await setAutomine(chain.testClient, false)
    try {
      const hashes = await Promise.all([send(chain.facilitator.address, data), send(chain.payers[4]!.address, data)])
      expect(await chain.publicClient.getBlockNumber()).toBe(blockBefore)
      await mine(chain.testClient)
      const receipts = await Promise.all(hashes.map((hash) => chain.publicClient.waitForTransactionReceipt({ hash })))
      expect(receipts.map((r) => r.blockNumber)).toEqual([blockBefore + 1n, blockBefore + 1n])
      expect(receipts.map((r) => r.status).sort()).toEqual(['reverted', 'success'])
      expect(await balanceOf(chain.publicClient, chain.asset.address, payer)).toBe(before - 1_000n)
    } finally {
      await setAutomine(chain.testClient, true)
    }
  })
})
