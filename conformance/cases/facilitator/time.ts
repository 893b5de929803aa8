import { defineCase } from '../../case.js'
import type { TestContext } from '../../context/types.js'
import { expectNoMoneyMoved, noteReason, refusalCase, verifyRefusesCase } from './judge.js'
import type { RefusalRow } from './judge.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** A correct payment whose window is [now + after, now + before] (seconds, the harness clock). */
const windowed = (after: bigint, before: bigint) => (t: TestContext) => {
  const now = BigInt(t.now())
  return t.pay({ authorization: { validAfter: now + after, validBefore: now + before } })
}

/** Reports the verify verdict of a payment at a time boundary; the clause leaves the boundary to the verifier. */
const reportVerdict = (after: bigint, before: bigint) => async (t: TestContext) => {
  const outcome = await t.verify(await windowed(after, before)(t))
  if (outcome.ok === true) t.info('valid')
  else noteReason(t, outcome, ['expired', 'not_yet_valid'])
}

/** Outside its window: the token refuses the transfer, so a broadcast only spends the facilitator's gas. */
const outsideWindow: readonly RefusalRow[] = [
  {
    id: 'facilitator.time.expired',
    clause: 'exact-evm.verify.valid-before',
    level: 'MUST',
    harm: 'funds',
    title: 'an authorization whose validBefore has passed is never settled, nothing is broadcast',
    make: windowed(-60n, -10n),
    reasons: ['expired'],
  },
  {
    id: 'facilitator.time.not-yet-valid',
    clause: 'exact-evm.verify.valid-after',
    level: 'MUST',
    harm: 'funds',
    title: 'an authorization whose validAfter is in the future is never settled, nothing is broadcast',
    make: windowed(30n, 60n),
    reasons: ['not_yet_valid'],
  },
]

export const cases = [
  ...outsideWindow.map(refusalCase),
  verifyRefusesCase({
    id: 'facilitator.time.verify-refuses-outside-window',
    title: 'verify never answers valid for an authorization outside its validity window',
    stimuli: outsideWindow,
  }),
  refusalCase({
    id: 'facilitator.time.window-too-long',
    clause: 'exact-evm.verify.validity-bound',
    level: 'SHOULD',
    harm: 'hygiene',
    title: 'an authorization valid for far longer than maxTimeoutSeconds is rejected',
    make: windowed(-5n, 86_400n),
    reasons: ['validity_too_long'],
  }),
  defineCase({
    id: 'facilitator.time.settle-after-expiry',
    clause: 'facilitator.settle.reverify',
    level: 'MUST',
    harm: 'funds',
    role: 'facilitator',
    versions: [1, 2],
    tags: ['slow'],
    title: 'a payment that verified but expired before settlement is never settled, nothing is broadcast',
    run: async (t) => {
      const paid = await windowed(-5n, 3n)(t)
      const first = await t.verify(paid)
      if (first.ok !== true) t.info(`verify with 3 s left: rejected (${first.reason ?? first.status}); a safety margin`)
      await sleep(4_500)
      await expectNoMoneyMoved(t, paid, ['expired'], { verifyFirst: false })
    },
  }),
  defineCase({
    id: 'facilitator.time.boundary-valid-before',
    clause: 'exact-evm.verify.valid-before',
    level: 'INFO',
    harm: 'hygiene',
    role: 'facilitator',
    versions: [1, 2],
    title: 'an authorization expiring 2 s from now: the verdict (safety margin) is reported',
    run: reportVerdict(-5n, 2n),
  }),
  defineCase({
    id: 'facilitator.time.boundary-valid-after',
    clause: 'exact-evm.verify.valid-after',
    level: 'INFO',
    harm: 'hygiene',
    role: 'facilitator',
    versions: [1, 2],
    title: 'an authorization whose validAfter is exactly now: the verdict is reported',
    run: reportVerdict(0n, 60n),
  }),
]
