import type { Harm } from '../../case.js'
import type { Snapshot } from '../../context/ledger.js'
import type { HostileMode, Paid, TestContext } from '../../context/types.js'
import { makeMove } from './attack-moves.js'
import type { Move } from './attack-moves.js'
import { acceptsOf, expectNoPaidContent, isServed, receiptOf } from './helpers-server.js'
import { snapshotOf, transactionOf } from './outcomes.js'
import { rowCases } from '../rowCases.js'

/**
 * Between verify and settle (http.server.fail-closed, http.server.settle-failure): the payer undoes its
 * payment after the server's verify, or the facilitator's verdict arrives in the wrong JSON types. The
 * paid content is served only when the ledger shows the payment settled once in the receipt's
 * transaction; when the payer was charged, the answer never invites a second payment (no 402 with offers).
 * The hostile facilitator is the harness's: with `--server`, point the server's facilitator at it
 * (`X402_FACILITATOR_URL`), as `--exec` does.
 */

/** Served is harmless only when the ledger shows this payment settled once, in the receipt's transaction. */
async function expectPaidIfServed(t: TestContext, before: Snapshot, res: Awaited<ReturnType<TestContext['fetchPaid']>>) {
  const tx = transactionOf(receiptOf(t.version, res))
  const evidence = { status: res.status, headers: res.headers, body: res.body }
  t.check(tx !== undefined, `served (${res.status}) with a receipt that names no transaction`, evidence)
  await t.ledger.expectPaid(before, tx)
}

/** Charged and refused: the refusal does not ask for the payment again (a 402 with offers would). */
function expectNoSecondInvitation(t: TestContext, res: Awaited<ReturnType<TestContext['fetchPaid']>>) {
  const offers = res.status === 402 ? acceptsOf(t.version, res).length : 0
  t.check(
    offers === 0,
    `the payer was charged, yet the answer is a 402 with ${offers} offer(s): the client is invited to pay again`,
    { status: res.status, headers: res.headers, body: res.body },
  )
  if (res.status !== 502 && res.status !== 503) t.info(`charged and refused with ${res.status}; 502 or 503 is recommended`)
}

const moves: readonly { id: string; move: Move; title: string }[] = [
  {
    id: 'server.attack-race.cancel-before-settle',
    move: 'cancel',
    title: 'the payer cancels its authorization after the verify: nothing is served, nothing charged',
  },
  {
    id: 'server.attack-race.drain-before-settle',
    move: 'drain',
    title: 'the payer moves its balance away after the verify: nothing is served, nothing charged',
  },
]

const moveCases = rowCases(
  { clause: 'http.server.settle-failure', level: 'MUST', harm: 'access', role: 'server', versions: [1, 2], timeoutMs: 60_000 },
  moves,
  async (t, row) => {
    const paid = await t.pay()
    let before: Snapshot | undefined
    let moved: Promise<void> | undefined
    const beforeSettle = () => {
      moved ??= makeMove(t, paid, row.move).then(async () => {
        before = await snapshotOf(t, paid)
      })
      return moved
    }
    t.hostile({ beforeSettle })
    const res = await t.fetchPaid(paid)
    t.check(res.status !== 0, `no answer: ${res.error ?? ''}`)
    if (moved === undefined) t.skip('the server did not settle the payment through the harness facilitator')
    await moved
    t.check(!isServed(res.status), `paid content was served (${res.status}) after the payer undid its payment`, {
      status: res.status,
      body: res.body,
    })
    expectNoPaidContent(t, res.text, `answer ${res.status}`)
    await t.ledger.expectUntouched(before!)
    if (res.status !== 402) t.info(`refused with ${res.status}; 402 (nothing was charged) is recommended`)
  },
)

/** A verdict in the wrong JSON types: `payment` is what the harness sends, `mode` what the facilitator says. */
const typed: readonly { id: string; harm: Harm; payment: 'correct' | 'forged'; mode: HostileMode; title: string }[] = [
  {
    id: 'server.attack-race.valid-as-string',
    harm: 'access',
    payment: 'forged',
    mode: { verify: 'valid-as-string', settle: 'success-as-number' },
    title: 'verdicts "isValid": "true" and "success": 1 for a forged payment: nothing is served',
  },
  {
    id: 'server.attack-race.success-as-number',
    harm: 'access',
    payment: 'correct',
    mode: { settle: 'success-as-number' },
    title: 'a settle answered "success": 1 without a settlement: nothing is served, nothing charged',
  },
  {
    id: 'server.attack-race.settled-as-string',
    harm: 'funds',
    payment: 'correct',
    mode: { settle: 'settled-as-string' },
    title: 'a real settlement answered "success": "true": served with its receipt, or refused without a new 402',
  },
]

const typedCases = rowCases(
  { clause: 'http.server.fail-closed', level: 'MUST', role: 'server', versions: [1, 2], timeoutMs: 60_000 },
  typed,
  async (t, row) => {
    t.hostile(row.mode)
    const paid: Paid = row.payment === 'forged' ? await t.pay({ signWith: await t.payer(0n) }) : await t.pay()
    const before = await snapshotOf(t, paid)
    const res = await t.fetchPaid(paid)
    t.check(res.status !== 0, `no answer: ${res.error ?? ''}`)
    if (isServed(res.status)) return expectPaidIfServed(t, before, res)
    expectNoPaidContent(t, res.text, `answer ${res.status}`)
    const charged = (await t.ledger.transfersFrom(before)).length > 0
    if (charged) expectNoSecondInvitation(t, res)
    else await t.ledger.expectUntouched(before)
  },
)

export const cases = [...moveCases, ...typedCases]
