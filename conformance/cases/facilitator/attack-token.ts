import { defineCase } from '../../case.js'
import type { Paid, TestContext } from '../../context/types.js'
import { assetDomain, contract, payInToken } from '../server/attack-moves.js'
import { must } from '../levels.js'
import { rowCases } from '../rowCases.js'
import { noteReason } from './judge.js'

/**
 * Second token (spec/08-attacks.md): the harness chain deploys more EIP-3009 tokens than the asset. A
 * correct payment in one of them settles exactly, in that token, or is refused with nothing moved; a
 * signature made for one token's domain never moves money under requirements for another.
 */

/** Settles `paid`: a success must show exactly the payment in its token; a refusal must move nothing. */
export async function expectExactOrNothing(t: TestContext, paid: Paid): Promise<void> {
  const before = await t.ledger.snapshot(paid)
  const verified = await t.verify(paid)
  const settled = await t.settle(paid)
  t.check(settled.status < 500, `settle answered ${settled.status}`, { body: settled.body })
  if (settled.ok === true) {
    await t.ledger.expectPaid(before, settled.transaction)
    t.info(`settled in ${String(paid.requirements['asset'])} (verify said ${String(verified.ok)})`)
  } else {
    noteReason(t, settled, ['asset_mismatch', 'requirements_mismatch'])
    await t.ledger.expectUntouched(before)
  }
}

const tokens: readonly { id: string; token: string; title: string }[] = [
  {
    id: 'facilitator.attack-token.token-b',
    token: 'tokenB',
    title: 'a correct payment in token B settles exactly in token B or moves nothing',
  },
  {
    id: 'facilitator.attack-token.no-low-s-token',
    token: 'noLowSToken',
    title: 'a correct payment in the token that accepts high-s signatures settles exactly or moves nothing',
  },
  {
    id: 'facilitator.attack-token.non-reverting-token',
    token: 'nonRevertingToken',
    title: 'a correct payment in the token that never reverts settles exactly or moves nothing',
  },
]

const secondToken = rowCases({ ...must('facilitator', 'funds'), clause: 'attack.token.second-token' }, tokens, async (t, row) =>
  expectExactOrNothing(t, await payInToken(t, contract(t, row.token))),
)

const domainMismatch = defineCase({
  ...must('facilitator', 'access'),
  id: 'facilitator.attack-token.requirements-b-signed-a',
  clause: 'attack.token.domain-mismatch',
  title: 'requirements for token B with an authorization signed for the asset are never valid and never settle',
  run: async (t) => {
    const tokenB = contract(t, 'tokenB')
    const asset = t.chain.asset
    const paid = await payInToken(t, tokenB, assetDomain(t))
    const inA: Paid = { ...paid, requirements: { ...paid.requirements, asset: asset.address } }
    const [beforeB, beforeA] = [await t.ledger.snapshot(paid), await t.ledger.snapshot(inA)]
    t.check(beforeB.asset.toLowerCase() === tokenB.toLowerCase(), 'the harness could not read the payer in token B')
    const verified = await t.verify(paid)
    t.check(verified.ok !== true, 'verify answered valid for requirements in one token signed for another', {
      body: verified.body,
    })
    const settled = await t.settle(paid)
    t.check(settled.ok !== true, 'settle answered success for requirements in one token signed for another', {
      body: settled.body,
    })
    noteReason(t, settled, ['invalid_signature', 'asset_mismatch', 'domain'])
    await t.ledger.expectUntouched(beforeB)
    await t.ledger.expectUntouched(beforeA)
  },
})

export const cases = [...secondToken, domainMismatch]
