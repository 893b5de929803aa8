import type { Hex } from 'viem'
import { defineCase } from '../../case.js'
import type { Outcome, Paid, TestContext } from '../../context/types.js'
import type { Snapshot } from '../../context/ledger.js'
import { withMiningHeld } from '../hold-mining.js'

/**
 * spec/09-flows.md §9.2, the facilitator side of a pending settlement. Mining is held past the
 * facilitator's own receipt wait, so its first `/settle` can only answer "not confirmed"; the same
 * `/settle` is then sent again and the block is mined while it waits.
 */

/** What the case saw: the first answer (mining held) and the repeated one (mined meanwhile). */
export type PendingRun = { first: Outcome; second: Outcome | undefined; hash: string | undefined }

const isHash = (value: unknown): value is Hex => typeof value === 'string' && /^0x[0-9a-fA-F]{64}$/.test(value)

/**
 * Settles `paid` with mining held; when the answer names a pending transaction, settles again and mines meanwhile
 * (any transfer method: the Permit2 cases use it too).
 */
export async function settleWhilePending(t: TestContext, paid: Paid): Promise<PendingRun> {
  return withMiningHeld(t, async ({ release }) => {
    const first = await t.settle(paid)
    if (first.status === 0)
      t.skip(`the facilitator did not answer /settle while its transaction was unconfirmed (${first.error ?? ''})`)
    t.check(first.ok !== true, `settle answered success for ${String(first.transaction)} while no block was mined`, {
      body: first.body,
    })
    const hash = isHash(first.transaction) ? first.transaction : undefined
    if (hash === undefined) {
      await release()
      return { first, second: undefined, hash }
    }
    const second = t.settle(paid)
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    await release()
    return { first, second: await second, hash }
  })
}

/** An EIP-3009 payment settled while pending, with the ledger before it. */
async function payWhilePending(t: TestContext): Promise<PendingRun & { before: Snapshot }> {
  const paid = await t.pay()
  const before = await t.ledger.snapshot(paid)
  return { before, ...(await settleWhilePending(t, paid)) }
}

export const cases = [
  defineCase({
    id: 'facilitator.pending.repeat-reports-outcome',
    clause: 'flows.pending.facilitator-outcome',
    level: 'MUST',
    harm: 'funds',
    role: 'facilitator',
    versions: [1, 2],
    exclusive: true,
    timeoutMs: 120_000,
    tags: ['pending'],
    title: 'a settle repeated after a settlement_pending answer reports success naming the pending transaction once it is mined',
    run: async (t) => {
      const { before, first, second, hash } = await payWhilePending(t)
      if (second === undefined) {
        // no transaction named: a failure is only harmless if nothing was charged
        t.info(`the first settle answered ${first.reason ?? 'a failure'} without a transaction hash`)
        return t.ledger.expectUntouched(before)
      }
      if (first.reason !== 'settlement_pending') t.info(`the unconfirmed settlement was answered ${String(first.reason)}`)
      t.check(
        second.ok === true,
        `the repeated settle answered ${String(second.reason)} for a payment whose transaction ${hash} paid`,
        {
          first: first.body,
          second: second.body,
        },
      )
      t.check(
        second.transaction?.toLowerCase() === hash?.toLowerCase(),
        `the repeated settle names ${String(second.transaction)}, not the pending ${hash}`,
      )
      await t.ledger.expectPaid(before, hash)
    },
  }),
  defineCase({
    id: 'facilitator.pending.single-broadcast',
    clause: 'flows.pending.single-broadcast',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'facilitator',
    versions: [2],
    exclusive: true,
    timeoutMs: 120_000,
    tags: ['pending'],
    title: 'a settle repeated while the first transaction is pending broadcasts nothing new',
    run: async (t) => {
      const { before, second } = await payWhilePending(t)
      if (second === undefined) t.skip('the unconfirmed settlement was answered without a transaction hash')
      const sent = await t.ledger.signerTransactions(before)
      if (sent === undefined) t.skip("the facilitator's signer is not known")
      t.check(sent === 1, `the facilitator sent ${sent} transactions for one payment settled twice`)
    },
  }),
]
