import { expect } from 'vitest'
import type { Address } from 'viem'
import type { Chain } from '../../src/chain/index.js'
import { diffBalances, snapshotBalances, transferEvents } from '../../src/chain/ledger.js'

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
  const before = await snapshotBalances(client, token, [payer, payTo])
  const moved = async () => ({
    balances: diffBalances(before, await snapshotBalances(client, token, [payer, payTo])),
    transfers: (await transferEvents(client, token, fromBlock)).map((t) => ({
      from: t.from.toLowerCase(),
      to: t.to.toLowerCase(),
      value: t.value,
    })),
  })
  return {
    async expectPaid(amount) {
      expect(await moved()).toEqual({
        balances: new Map([
          [payer.toLowerCase(), -amount],
          [payTo.toLowerCase(), amount],
        ]),
        transfers: [{ from: payer.toLowerCase(), to: payTo.toLowerCase(), value: amount }],
      })
    },
    async expectUnchanged() {
      expect(await moved()).toEqual({ balances: new Map(), transfers: [] })
    },
  }
}
