import { defineCase } from '../../case.js'
import type { Paid, TestContext, Wire } from '../../context/types.js'
import { acceptsOf, b64, challengeOf, expectRefusedByLedger, paddedJson, priceOf } from './helpers-server.js'
import { expectServedAndCharged, mismatchCase, snapshotOf } from './outcomes.js'

/**
 * http.server.verify-first: a payment the facilitator finds invalid is not served. Judged by the
 * consequence: never served without the ledger showing the offer paid (a server may settle directly);
 * whether it asked the facilitator to settle, and the refusal's status, are noted.
 */
const invalidRows: readonly { id: string; title: string; make: (t: TestContext) => Promise<Paid> }[] = [
  {
    id: 'server.verification.expired',
    title: 'an expired payment is not served and not charged',
    make: (t) => t.pay({ authorization: { validAfter: BigInt(t.now() - 600), validBefore: BigInt(t.now() - 300) } }),
  },
  {
    id: 'server.verification.not-yet-valid',
    title: 'a payment valid only from the future is not served and not charged',
    make: (t) => t.pay({ authorization: { validAfter: BigInt(t.now() + 600), validBefore: BigInt(t.now() + 660) } }),
  },
  {
    id: 'server.verification.insufficient-funds',
    title: 'a payment from a payer without enough funds is not served',
    make: async (t) => t.pay({ payer: await t.payer(priceOf(t) - 1n) }),
  },
  {
    id: 'server.verification.forged-signature',
    title: 'a payment signed by another key than its from is not served',
    make: async (t) => t.pay({ signWith: await t.payer(0n) }),
  },
  {
    id: 'server.verification.wrong-chain-signature',
    title: 'a payment signed for another chain id is not served',
    make: (t) => t.pay({ domain: { chainId: t.chain.chainId + 1 } }),
  },
  {
    id: 'server.verification.tampered-after-signing',
    title: 'a payment whose nonce was changed after signing is not served',
    make: async (t) => {
      const paid = await t.pay()
      const inner = paid.payload['payload'] as Wire
      const auth = { ...(inner['authorization'] as Wire), nonce: `0x${'11'.repeat(32)}` }
      paid.payload = { ...paid.payload, payload: { ...inner, authorization: auth } }
      return paid
    },
  },
  {
    id: 'server.verification.expiring-now',
    title: 'a payment whose validBefore is two seconds away is not served unless it is settled',
    make: (t) => t.pay({ authorization: { validAfter: BigInt(t.now() - 60), validBefore: BigInt(t.now() + 2) } }),
  },
]

export const cases = [
  ...invalidRows.map((row) => mismatchCase({ ...row, clause: 'http.server.verify-first', harm: 'access', versions: [1, 2] })),
  defineCase({
    id: 'server.verification.front-run-not-served',
    clause: 'http.server.verify-first',
    level: 'MUST',
    harm: 'access',
    role: 'server',
    versions: [1, 2],
    exclusive: true,
    title: 'a payment whose authorization was already submitted on chain by someone else is not served again',
    run: async (t) => {
      const paid = await t.pay()
      const hash = await t.frontRun(paid)
      await t.chain.client.waitForTransactionReceipt({ hash, timeout: 10_000 })
      const before = await snapshotOf(t, paid)
      await expectRefusedByLedger(t, await t.fetchPaid(paid))
      const moved = await t.ledger.transfersFrom(before)
      t.check(moved.length === 0, `${moved.length} more transfer(s) from the payer after the front-run`)
    },
  }),
  defineCase({
    id: 'server.verification.replay-reencoded',
    clause: 'http.server.verify-first',
    level: 'MUST',
    harm: 'access',
    role: 'server',
    versions: [1, 2],
    title: 'a used payment replayed with other header bytes (JSON whitespace, member order) is refused, and charged only once',
    run: async (t) => {
      const paid = await t.pay()
      const { before } = await expectServedAndCharged(t, paid)
      const reordered = Object.fromEntries(Object.entries(paid.payload).reverse())
      await expectRefusedByLedger(t, await t.fetchPaid(undefined, { header: b64(paddedJson(reordered, 3)) }))
      await t.ledger.expectPaid(before)
    },
  }),
  defineCase({
    id: 'server.verification.replay-other-version',
    clause: 'http.server.verify-first',
    level: 'MUST',
    harm: 'access',
    role: 'server',
    versions: [1],
    title: 'the authorization of a used v1 payment, replayed inside a v2 payment, is refused and charged only once',
    run: async (t) => {
      const challenge = await t.fetchPaid(undefined)
      const v2 = challengeOf(2, challenge) ?? t.skip('the server does not offer v2 beside v1')
      const offer = acceptsOf(2, challenge).find((r) => r['network'] === t.chain.network) ?? t.skip('no v2 offer on the chain')
      const paid = await t.pay()
      const { before } = await expectServedAndCharged(t, paid)
      const replay = { x402Version: 2, resource: v2['resource'], accepted: offer, payload: paid.payload['payload'] }
      await expectRefusedByLedger(t, await t.fetchPaid(undefined, { header: t.encode(replay), headerName: 'PAYMENT-SIGNATURE' }))
      await t.ledger.expectPaid(before)
    },
  }),
]
