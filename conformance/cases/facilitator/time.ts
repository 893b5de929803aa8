import { defineCase } from '../../case.js'
import { expectRejectedEverywhere } from '../helpers.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export const cases = [
  defineCase({
    id: 'facilitator.time.expired',
    clause: 'exact-evm.verify.valid-before',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'an authorization whose validBefore has passed is rejected',
    run: async (t) => {
      const now = BigInt(t.now())
      const paid = await t.pay({ authorization: { validAfter: now - 60n, validBefore: now - 10n } })
      await expectRejectedEverywhere(t, paid, 'expired')
    },
  }),
  defineCase({
    id: 'facilitator.time.not-yet-valid',
    clause: 'exact-evm.verify.valid-after',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'an authorization whose validAfter is in the future is rejected',
    run: async (t) => {
      const now = BigInt(t.now())
      const paid = await t.pay({ authorization: { validAfter: now + 30n, validBefore: now + 60n } })
      await expectRejectedEverywhere(t, paid, 'not_yet_valid')
    },
  }),
  defineCase({
    id: 'facilitator.time.window-too-long',
    clause: 'exact-evm.verify.validity-bound',
    level: 'SHOULD',
    role: 'facilitator',
    versions: [1, 2],
    title: 'an authorization valid for far longer than maxTimeoutSeconds is rejected',
    run: async (t) => {
      const now = BigInt(t.now())
      const paid = await t.pay({ authorization: { validAfter: now - 5n, validBefore: now + 86_400n } })
      await expectRejectedEverywhere(t, paid, 'validity_too_long')
    },
  }),
  defineCase({
    id: 'facilitator.time.settle-after-expiry',
    clause: 'facilitator.settle.reverify',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    tags: ['slow'],
    title: 'a payment that verified but expired before settlement is not settled and nothing is broadcast',
    run: async (t) => {
      const now = BigInt(t.now())
      const paid = await t.pay({ authorization: { validAfter: now - 5n, validBefore: now + 3n } })
      const before = await t.ledger.snapshot(paid)
      const first = await t.verify(paid)
      if (first.ok !== true) t.info(`verify with 3 s left: rejected (${first.reason ?? first.status}); a safety margin`)
      await sleep(4_500)
      t.expectNotSettled(await t.settle(paid), 'expired')
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'facilitator.time.boundary-valid-before',
    clause: 'exact-evm.verify.valid-before',
    level: 'INFO',
    role: 'facilitator',
    versions: [1, 2],
    title: 'an authorization expiring 2 s from now: the verdict (safety margin) is reported',
    run: async (t) => {
      const now = BigInt(t.now())
      const paid = await t.pay({ authorization: { validAfter: now - 5n, validBefore: now + 2n } })
      const outcome = await t.verify(paid)
      t.info(`validBefore = now + 2 s: ${outcome.ok === true ? 'valid' : `rejected (${outcome.reason ?? outcome.status})`}`)
    },
  }),
  defineCase({
    id: 'facilitator.time.boundary-valid-after',
    clause: 'exact-evm.verify.valid-after',
    level: 'INFO',
    role: 'facilitator',
    versions: [1, 2],
    title: 'an authorization whose validAfter is exactly now: the verdict is reported',
    run: async (t) => {
      const now = BigInt(t.now())
      const paid = await t.pay({ authorization: { validAfter: now, validBefore: now + 60n } })
      const outcome = await t.verify(paid)
      t.info(`validAfter = now: ${outcome.ok === true ? 'valid' : `rejected (${outcome.reason ?? outcome.status})`}`)
    },
  }),
]
