import { expect } from 'vitest'
import type { Address } from 'viem'
import type { Chain } from '../../src/chain/index.js'
import { balanceOf, transferEvents } from '../../src/chain/ledger.js'

/** Balances of a payer and a payee from now on, to assert what one paid request moved on chain. */
export type LedgerWatch = {
  /** The payer lost exactly `amount`, payTo gained it, in exactly one Transfer of the asset. */
  expectPaid(amount: bigint): Promise<void>
  /** Nothing moved: same balances, no Transfer of the asset. */
  expectUnchanged(): Promise<void>
}

/** Starts watching the chain's default asset between `payer` and `payTo`. */
export async function watchLedger(chain: Chain, payer: Address, payTo: Address = chain.payTo): Promise<LedgerWatch> {
  const client = chain.publicClient
  const token = chain.asset.address
  const fromBlock = (await client.getBlockNumber()) + 1n
  const before = { payer: await balanceOf(client, token, payer), payTo: await balanceOf(client, token, payTo) }
  const after = async () => ({
    payer: await balanceOf(client, token, payer),
    payTo: await balanceOf(client, token, payTo),
    // anvil rejects eth_getLogs from a block after the head: no new block, no transfer.
    transfers: (await client.getBlockNumber()) < fromBlock ? [] : await transferEvents(client, token, fromBlock),
  })
  return {
    async expectPaid(amount) {
      const now = await after()
      expect(before.payer - now.payer, 'payer balance delta').toBe(amount)
      expect(now.payTo - before.payTo, 'payTo balance delta').toBe(amount)
      expect(now.transfers.map((t) => ({ from: t.from.toLowerCase(), to: t.to.toLowerCase(), value: t.value }))).toEqual([
        { from: payer.toLowerCase(), to: payTo.toLowerCase(), value: amount },
      ])
    },
    async expectUnchanged() {
      const now = await after()
      expect(now.payer, 'payer balance').toBe(before.payer)
      expect(now.payTo, 'payTo balance').toBe(before.payTo)
      expect(now.transfers, 'Transfer events').toEqual([])
    },
  }
}
