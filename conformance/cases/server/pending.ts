import { defineCase } from '../../case.js'
import type { Exchange } from '../../context/http.js'
import type { TestContext } from '../../context/types.js'
import { tracked, waitFor, withMiningHeld } from '../hold-mining.js'
import { acceptsOf, expectNoPaidContent, expectServedWithReceipt, isServed, receiptOf } from './helpers-server.js'
import { snapshotOf, transactionOf } from './outcomes.js'

/**
 * spec/09-flows.md §9.2, the server side of a pending settlement. Mining is held while the paid request
 * runs, so the facilitator can only answer that the settlement is not confirmed; the ledger then judges
 * every ordering: the payer is charged once in all and served once it is paid, never asked to pay again.
 */

/** How long mining is held at most for one paid request (two facilitator waits and the retry's delay). */
const holdMs = 60_000

/** The receipt's `errorReason`, when the answer carries one. */
const reasonOf = (t: TestContext, res: Exchange) => receiptOf(t.version, res)?.['errorReason']

/** What both held-mining cases share: exclusive (mining is held for the whole chain), long, judged by the ledger. */
const held = {
  level: 'MUST',
  harm: 'funds',
  role: 'server',
  versions: [1, 2],
  exclusive: true,
  timeoutMs: 150_000,
  tags: ['pending'],
} as const

export const cases = [
  defineCase({
    ...held,
    id: 'server.pending.retry-served',
    clause: 'flows.pending.server-retry',
    title: 'a settlement answered settlement_pending is settled once more, and served when that retry sees it confirmed',
    run: async (t) => {
      if (!t.target.hostile) t.skip("the server's calls to its facilitator cannot be observed")
      const paid = await t.pay()
      const before = await snapshotOf(t, paid)
      const { res, retried } = await withMiningHeld(t, async ({ release }) => {
        const request = tracked(t.fetchPaid(paid))
        const retried = await waitFor(() => request.settled() || t.facilitatorCalls().settle >= 2, holdMs)
        await release() // the retry is waiting for the receipt: confirm it now
        return { res: await request.answer, retried: retried && t.facilitatorCalls().settle >= 2 }
      })
      if (!retried && !isServed(res.status)) {
        if (reasonOf(t, res) !== 'settlement_pending')
          t.skip(
            `the server answered ${res.status} without a settlement_pending receipt (its settle bound may be shorter than the facilitator's wait)`,
          )
        t.fail(`the server answered ${res.status} to a settlement_pending answer without settling once more`, {
          body: res.body,
          calls: t.facilitatorCalls(),
        })
      }
      t.check(isServed(res.status), `after a retry that saw the settlement confirmed, the server answered ${res.status}`, {
        body: res.body,
        calls: t.facilitatorCalls(),
      })
      const receipt = receiptOf(t.version, res)
      t.check(receipt?.['success'] === true, 'the served answer carries no successful receipt', { headers: res.headers })
      await t.ledger.expectPaid(before, transactionOf(receipt))
    },
  }),
  defineCase({
    ...held,
    id: 'server.pending.no-second-payment',
    clause: 'flows.pending.no-second-payment',
    title:
      'a settlement still pending after the retry is answered without a new challenge or content; once mined, the same payment is served, charged once',
    run: async (t) => {
      const paid = await t.pay()
      const before = await snapshotOf(t, paid)
      const res = await withMiningHeld(t, () => t.fetchPaid(paid))
      const evidence = { status: res.status, body: res.body, headers: res.headers }
      t.check(res.status !== 0, `no answer while the settlement was pending: ${res.error ?? ''}`)
      // a 402 with a challenge asks for a new payment; one without (only the pending receipt) is judged by the repeat below
      t.check(
        res.status !== 402 || acceptsOf(t.version, res).length === 0,
        'a payment whose settlement is pending was answered 402 with a new challenge: a conforming client signs and pays again',
        evidence,
      )
      if (res.status === 402) t.info('answered 402 without a challenge while the settlement was pending (503 is recommended)')
      t.check(!isServed(res.status), `the paid content was served (${res.status}) while its settlement was unconfirmed`, evidence)
      expectNoPaidContent(t, res.text, 'the answer while the settlement was pending')
      // mined now: the same payment, sent again, is served and the payer has paid once in all
      const charged = (await t.ledger.transfersFrom(before)).length > 0
      const again = await t.fetchPaid(paid)
      if (!charged && !isServed(again.status)) {
        t.info(`nothing was charged once mining resumed; the repeat was answered ${again.status}`)
        return t.ledger.expectUntouched(before)
      }
      t.check(
        isServed(again.status),
        `the payer was charged once the block was mined, and the same payment sent again was answered ${again.status}: paid and not served`,
        { status: again.status, body: again.body },
      )
      await t.ledger.expectPaid(before, transactionOf(expectServedWithReceipt(t, again)))
    },
  }),
  defineCase({
    id: 'server.pending.retry-after',
    clause: 'flows.retry-after.unknown-settlement',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'server',
    versions: [1, 2],
    title: 'a 503 for a settlement whose outcome is unknown (the facilitator dropped the settle) carries Retry-After in seconds',
    run: async (t) => {
      t.hostile({ settle: 'down' })
      const paid = await t.pay()
      const res = await t.fetchPaid(paid)
      if (res.status !== 503) t.skip(`the server answered ${res.status}, not 503, to a settle left unanswered`)
      const value = res.headers['retry-after']
      t.check(value !== undefined && /^\d+$/.test(value.trim()), `Retry-After is ${JSON.stringify(value)}, not delta-seconds`, {
        headers: res.headers,
      })
    },
  }),
]
