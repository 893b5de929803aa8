import type { Address } from 'viem'
import type { ReasonCategory } from '../../../src/errors/reasons.js'
import type { Permit2Authorization, Permit2Kind } from '../../../src/evm/permit2/index.js'
import { defineCase } from '../../case.js'
import type { Harm } from '../../case.js'
import type { TestContext } from '../../context/types.js'
import {
  balances,
  expectPermit2Refused,
  permit2Env,
  permit2Pay,
  permit2Payer,
  type Permit2Env,
  type Permit2Paid,
  verifyOffered,
} from './permit2-pay.js'

// spec/07-permit2.md for facilitators: exact with extra.assetTransferMethod "permit2" (and, through
// `refusalCases('upto')`, the upto scheme). A facilitator that offers only EIP-3009 skips these cases.

const other: Address = '0x00000000000000000000000000000000000000aa'

/** One refusal: the clause, what a failure costs, the payment (built from the kind's env) and the categories it names. */
type Refusal = {
  name: string
  clause: string
  harm: Harm
  title: string
  reasons: readonly ReasonCategory[]
  make: (t: TestContext, env: Permit2Env) => Promise<Permit2Paid>
}

const signed = (mutate: (a: Permit2Authorization) => Permit2Authorization) => (t: TestContext, env: Permit2Env) =>
  permit2Pay(t, env, { mutate })

/** The refusals both kinds share (verification steps 1, 2, 4–11 of spec/07-permit2.md 7.3). */
export const sharedRefusals: readonly Refusal[] = [
  {
    name: 'spender-not-proxy',
    clause: 'permit2.verify.spender',
    harm: 'funds',
    title: 'a permit whose spender is not the proxy (here the facilitator itself) is refused, nothing moves',
    reasons: ['spender_mismatch'],
    make: (t, env) => signed((a) => ({ ...a, spender: t.target.signer ?? other }))(t, env),
  },
  {
    name: 'witness-recipient-swapped',
    clause: 'permit2.verify.witness-recipient',
    harm: 'funds',
    title: 'a permit whose witness pays another address than payTo is refused, nothing moves',
    reasons: ['recipient_mismatch'],
    make: signed((a) => ({ ...a, witness: { ...a.witness, to: other } })),
  },
  {
    name: 'wrong-token',
    clause: 'permit2.verify.token',
    harm: 'funds',
    title: 'a permit of another token than the asset is refused, nothing moves',
    reasons: ['asset_mismatch'],
    make: (t, env) => signed((a) => ({ ...a, permitted: { ...a.permitted, token: env.permitToken } }))(t, env),
  },
  {
    name: 'amount-above',
    clause: 'permit2.verify.amount',
    harm: 'funds',
    title: 'a permit for more than the required amount is refused, nothing moves',
    reasons: ['amount_mismatch'],
    make: signed((a) => ({ ...a, permitted: { ...a.permitted, amount: a.permitted.amount + 1n } })),
  },
  {
    name: 'deadline-expired',
    clause: 'permit2.verify.deadline',
    harm: 'funds',
    title: 'a permit past its deadline is refused, nothing moves',
    reasons: ['expired'],
    make: (t, env) => signed((a) => ({ ...a, deadline: BigInt(t.now() - 1) }))(t, env),
  },
  {
    name: 'not-yet-valid',
    clause: 'permit2.verify.valid-after',
    harm: 'funds',
    title: 'a permit whose witness validAfter is an hour ahead is refused, nothing moves',
    reasons: ['not_yet_valid'],
    make: (t, env) => signed((a) => ({ ...a, witness: { ...a.witness, validAfter: BigInt(t.now() + 3600) } }))(t, env),
  },
  {
    name: 'signed-by-another-key',
    clause: 'permit2.verify.signature',
    harm: 'funds',
    title: 'a permit naming the payer but signed by another key is refused, nothing moves',
    reasons: ['invalid_signature'],
    make: async (t, env) => permit2Pay(t, env, { signWith: await t.payer(0n) }),
  },
  {
    name: 'recipient-tampered-after-signing',
    clause: 'permit2.verify.signature',
    harm: 'funds',
    title: 'a signed permit whose witness recipient and payTo were both changed afterwards is refused, nothing moves',
    reasons: ['invalid_signature'],
    make: async (t, env) => {
      const paid = await permit2Pay(t, env, { mutate: (a) => ({ ...a, witness: { ...a.witness, to: other } }), tamper: true })
      paid.requirements = { ...paid.requirements, payTo: other }
      paid.payload = { ...paid.payload, accepted: paid.requirements }
      return paid
    },
  },
  {
    name: 'no-allowance',
    clause: 'permit2.verify.allowance',
    harm: 'interop',
    title: 'a payer that never approved Permit2 is refused (upstream: permit2_allowance_required), nothing moves',
    reasons: ['allowance_required'],
    make: async (t, env) => permit2Pay(t, env, { payer: await permit2Payer(t, env.token, 1_000_000n, false) }),
  },
  {
    name: 'balance-short',
    clause: 'permit2.verify.balance',
    harm: 'funds',
    title: 'a permit for more than the payer holds is refused, nothing moves',
    reasons: ['insufficient_funds'],
    make: async (t, env) => permit2Pay(t, env, { payer: await permit2Payer(t, env.token, 5_000n), amount: 10_000n }),
  },
]

/**
 * The shared refusals of one kind as cases. For upto, a permit above the requirements' amount is left out: its
 * maximum exceeds what the server asked, yet settling charges the settle-time amount, which the payer authorized.
 */
export function refusalCases(kind: Permit2Kind) {
  const area = kind === 'exact' ? 'permit2' : 'upto'
  return sharedRefusals
    .filter((r) => kind === 'exact' || r.name !== 'amount-above')
    .map((r) =>
      defineCase({
        id: `facilitator.${area}.${r.name}`,
        clause: r.clause,
        level: 'MUST',
        harm: r.harm,
        role: 'facilitator',
        versions: [2],
        tags: ['permit2'],
        title: `${kind}: ${r.title}`,
        run: async (t) => {
          const env = await permit2Env(t, kind)
          await expectPermit2Refused(t, env, await r.make(t, env), r.reasons)
        },
      }),
    )
}

/** Verifies, settles and checks the balances of a correct payment: payer −amount, payTo +amount, exactly once. */
export async function expectPermit2Paid(t: TestContext, paid: Permit2Paid, charged = paid.amount): Promise<string> {
  t.expectValid(await verifyOffered(t, paid))
  const before = await balances(t, paid)
  const settled = await t.settle(paid)
  t.expectSettled(settled)
  const after = await balances(t, paid)
  t.check(before[0] - after[0] === charged, `the payer paid ${before[0] - after[0]}, expected ${charged}`)
  t.check(after[1] - before[1] === charged, `payTo received ${after[1] - before[1]}, expected ${charged}`)
  return settled.transaction ?? ''
}

export const cases = [
  defineCase({
    id: 'facilitator.permit2.correct-settles',
    clause: 'permit2.settle.proxy',
    level: 'MUST',
    harm: 'funds',
    role: 'facilitator',
    versions: [2],
    tags: ['permit2'],
    title: 'exact: a correct Permit2 payment verifies, settles through the proxy and moves exactly the amount',
    run: async (t) => {
      await expectPermit2Paid(t, await permit2Pay(t, await permit2Env(t, 'exact')))
    },
  }),
  defineCase({
    id: 'facilitator.permit2.settled-twice',
    clause: 'permit2.verify.nonce-unused',
    level: 'MUST',
    harm: 'access',
    role: 'facilitator',
    versions: [2],
    tags: ['permit2'],
    title: 'exact: a settled Permit2 payment is neither valid nor settled again, and charged once',
    run: async (t) => {
      const paid = await permit2Pay(t, await permit2Env(t, 'exact'))
      await expectPermit2Paid(t, paid)
      const before = await balances(t, paid)
      const again = await t.verify(paid)
      t.check(again.ok !== true, 'verify answered valid for a permit whose nonce is spent', { body: again.body })
      const second = await t.settle(paid)
      t.check(second.ok !== true, 'a second settle of one permit answered success', { body: second.body })
      const after = await balances(t, paid)
      t.check(after[0] === before[0], 'the second settle moved tokens')
    },
  }),
  ...refusalCases('exact'),
]
