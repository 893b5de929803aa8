import { createWalletClient, encodeFunctionData, http, numberToHex, parseGwei } from 'viem'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { permit2Address, permit2Erc20Abi } from '../../../src/evm/permit2/index.js'
import type { Permit2Kind } from '../../../src/evm/permit2/index.js'
import { defineCase } from '../../case.js'
import type { Outcome, TestContext } from '../../context/types.js'
import { tracked, withMiningHeld } from '../hold-mining.js'
import { settleWhilePending } from './pending.js'
import { balances, permit2Env, permit2Pay, verifyOffered, type Permit2Paid } from './permit2-pay.js'

// spec/09-flows.md §9.2 for the Permit2 methods: a settlement answered `settlement_pending` is reported, when the
// same payment is settled again, by the transaction already broadcast. A facilitator that forgets it re-verifies,
// finds the Permit2 nonce spent (or broadcasts a second transaction that reverts) and answers a failure: the server
// then refuses the paid content although the payer was charged.

/** Both cases hold mining (nothing else may run meanwhile) and judge a payment settled or charged: MUST, funds. */
const heldMining = {
  level: 'MUST',
  harm: 'funds',
  role: 'facilitator',
  versions: [2],
  exclusive: true,
  timeoutMs: 120_000,
} as const

const pendingCase = (kind: Permit2Kind) =>
  defineCase({
    id: `facilitator.${kind === 'exact' ? 'permit2' : 'upto'}.pending-repeat-reports-outcome`,
    clause: 'flows.pending.facilitator-outcome',
    ...heldMining,
    tags: ['permit2', 'pending'],
    title: `${kind}: a settle repeated after a settlement_pending answer reports success naming the pending transaction once it is mined`,
    run: async (t) => {
      const env = await permit2Env(t, kind)
      const paid = await permit2Pay(t, env)
      t.expectValid(await verifyOffered(t, paid))
      const before = await balances(t, paid)
      const { first, second, hash } = await settleWhilePending(t, paid)
      const after = await balances(t, paid)
      if (second === undefined) {
        // no transaction named: a failure is only harmless if nothing was charged
        t.info(`the first settle answered ${first.reason ?? 'a failure'} without a transaction hash`)
        t.check(after[0] === before[0], 'tokens left the payer although no transaction was named')
        return
      }
      if (first.reason !== 'settlement_pending') t.info(`the unconfirmed settlement was answered ${String(first.reason)}`)
      const [paidOut, paidIn] = [before[0] - after[0], after[1] - before[1]]
      const charged = paidOut === paid.amount && paidIn === paid.amount
      t.check(
        charged || (paidOut === 0n && paidIn === 0n),
        `the payer lost ${paidOut} and payTo gained ${paidIn}, not ${paid.amount}`,
      )
      if (!charged) {
        // the pending transaction did not pay (it reverted): success would be a receipt for nothing
        t.check(second.ok !== true, `the repeated settle answered success although ${hash} moved nothing`, { body: second.body })
        return
      }
      t.check(
        second.ok === true,
        `the repeated settle answered ${String(second.reason)} for a payment whose transaction ${hash} charged the payer`,
        { first: first.body, second: second.body },
      )
      t.check(
        second.transaction?.toLowerCase() === hash?.toLowerCase(),
        `the repeated settle names ${String(second.transaction)}, not the pending ${hash}`,
      )
    },
  })

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** What a settle raced by the payer's revocation saw: the answer, and whether the settlement was broadcast first. */
type RevokedRun = { settled: Outcome; raced: boolean }

/**
 * Settles `paid` with mining held; once the facilitator's transaction waits in the pool, the payer revokes its
 * Permit2 approval with a far higher tip, and one block is mined: the revocation goes first (anvil orders by fee),
 * so the settlement is mined and reverts. An answer `settlement_pending` is followed by the repeat that reports it.
 */
async function settleRevokedInFlight(t: TestContext, paid: Permit2Paid): Promise<RevokedRun> {
  const rpc = (method: string, params: unknown[] = []) => t.chain.client.request({ method, params } as never) as Promise<unknown>
  const pooled = async () => Number(BigInt(String(((await rpc('txpool_status')) as { pending?: string }).pending ?? '0')))
  const token = String(paid.requirements['asset']) as Hex
  const run = await withMiningHeld(t, async ({ release }) => {
    const settling = tracked(t.settle(paid))
    for (let waited = 0; (await pooled()) === 0 && !settling.settled() && waited < 8_000; waited += 100) await sleep(100)
    if ((await pooled()) === 0) {
      await release()
      return { settled: await settling.answer, raced: false }
    }
    await rpc('anvil_setBalance', [paid.payer.address, numberToHex(10n ** 18n)])
    const account = privateKeyToAccount(paid.payer.privateKey)
    const wallet = createWalletClient({ account, chain: t.chain.client.chain, transport: http(t.chain.rpcUrl) })
    const data = encodeFunctionData({ abi: permit2Erc20Abi, functionName: 'approve', args: [permit2Address, 0n] })
    const fees = { maxFeePerGas: parseGwei('1000'), maxPriorityFeePerGas: parseGwei('500') }
    await wallet.sendTransaction({ to: token, data, chain: t.chain.client.chain, ...fees })
    await release()
    return { settled: await settling.answer, raced: true }
  })
  if (run.settled.reason !== 'settlement_pending') return run
  return { settled: await t.settle(paid), raced: run.raced }
}

export const cases = [
  pendingCase('exact'),
  pendingCase('upto'),
  defineCase({
    id: 'facilitator.permit2.reverted-not-success',
    clause: 'permit2.settle.receipt',
    ...heldMining,
    tags: ['permit2'],
    title:
      'exact: a settlement that reverts on chain (the payer revoked its approval while it was pending) is not answered success',
    run: async (t) => {
      const env = await permit2Env(t, 'exact')
      const paid = await permit2Pay(t, env)
      t.expectValid(await verifyOffered(t, paid))
      const before = await balances(t, paid)
      const { settled, raced } = await settleRevokedInFlight(t, paid)
      const after = await balances(t, paid)
      const charged = before[0] - after[0]
      if (!raced) t.info('the facilitator answered before any transaction reached the pool')
      if (charged !== 0n) {
        if (settled.ok === true) t.skip('the settlement was mined before the revocation: nothing reverted to judge')
        t.check(false, `the payer lost ${charged} and the settle answered ${String(settled.reason)}`, { body: settled.body })
      }
      t.check(settled.ok !== true, `settle answered success for ${String(settled.transaction)}, which moved nothing`, {
        body: settled.body,
      })
      t.check(after[1] === before[1], 'payTo received tokens from a reverted settlement')
    },
  }),
]
