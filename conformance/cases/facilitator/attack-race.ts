import { defineCase } from '../../case.js'
import { contract, makeMove, payInToken } from '../server/attack-moves.js'
import type { Move } from '../server/attack-moves.js'
import { rowCases } from '../rowCases.js'
import { must } from '../levels.js'

/**
 * Between verify and settle (attack.settle.payer-undoes): a payment that verified is undone by its payer
 * (the authorization cancelled on the token, or the balance moved away) before the resource server
 * settles it. `/settle` must not answer success: the server would serve content nobody paid for. The
 * ledger is read from the moment after the payer's move: nothing more moves, nothing is broadcast.
 */
const rows: readonly { id: string; move: Move; title: string }[] = [
  {
    id: 'facilitator.attack-race.cancel-after-verify',
    move: 'cancel',
    title: 'an authorization cancelled after a valid verify is not settled and settle does not answer success',
  },
  {
    id: 'facilitator.attack-race.drain-after-verify',
    move: 'drain',
    title: 'a payer that moved its balance away after a valid verify is not settled and settle does not answer success',
  },
]

const moveCases = rowCases(
  { clause: 'attack.settle.payer-undoes', level: 'MUST', harm: 'access', role: 'facilitator', versions: [1, 2] },
  rows,
  async (t, row) => {
    const paid = await t.pay()
    t.expectValid(await t.verify(paid))
    await makeMove(t, paid, row.move)
    const before = await t.ledger.snapshot(paid)
    const settled = await t.settle(paid)
    t.check(settled.ok !== true, 'settle answered success for a payment its payer had undone', {
      status: settled.status,
      body: settled.body,
    })
    t.check(settled.status < 500, `settle answered ${settled.status} for a payment its payer had undone`, {
      body: settled.body,
    })
    await t.ledger.expectUntouched(before)
  },
)

/**
 * The same cancel on a token whose transferWithAuthorization of a used nonce succeeds without moving
 * anything (NonRevertingToken): the simulation passes and the transaction is mined, so only the receipt's
 * Transfer events tell the settlement failed. A broadcast is expected here; success is the failure.
 */
const nonReverting = defineCase({
  ...must('facilitator', 'access'),
  id: 'facilitator.attack-race.cancel-non-reverting-token',
  clause: 'attack.settle.payer-undoes',
  title: 'an authorization cancelled after verify on a token that does not revert is not answered success',
  run: async (t) => {
    const paid = await payInToken(t, contract(t, 'nonRevertingToken'))
    t.expectValid(await t.verify(paid))
    await t.cancelAuthorization(paid)
    const before = await t.ledger.snapshot(paid)
    const settled = await t.settle(paid)
    const evidence = { status: settled.status, body: settled.body }
    t.check(settled.ok !== true, 'settle answered success for a cancelled authorization (the token moved nothing)', evidence)
    t.check(settled.status < 500, `settle answered ${settled.status}`, evidence)
    const moved = await t.ledger.transfersFrom(before)
    t.check(moved.length === 0, `the payer's funds moved after it cancelled (${moved.length} transfers)`)
  },
})

export const cases = [...moveCases, nonReverting]
