import { defineCase } from '../../case.js'
import type { Paid, TestContext, Wire } from '../../context/types.js'
import { acceptsOf, b64, challengeOf, expectRefused, isServed, paddedJson, priceOf } from './helpers-server.js'

/** A payment the facilitator finds invalid: 402, nothing charged, and (when observable) no settlement attempted. */
const invalidNotSettled = (name: string, title: string, make: (t: TestContext) => Promise<Paid>) =>
  defineCase({
    id: `server.verification.${name}`,
    clause: 'http.server.verify-first',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title,
    run: async (t) => {
      const paid = await make(t)
      const before = await t.ledger.snapshot(paid)
      await expectRefused(t, await t.fetchPaid(paid), before)
      if (t.target.hostile) {
        const calls = t.facilitatorCalls()
        t.check(calls.settle === 0, `the server asked the facilitator to settle (${calls.settle}×) a payment that does not verify`)
      }
    },
  })

export const cases = [
  invalidNotSettled('expired', 'an expired payment is refused with 402, not served and not charged', (t) =>
    t.pay({ authorization: { validAfter: BigInt(t.now() - 600), validBefore: BigInt(t.now() - 300) } }),
  ),
  invalidNotSettled('not-yet-valid', 'a payment valid only from the future is refused with 402, not served and not charged', (t) =>
    t.pay({ authorization: { validAfter: BigInt(t.now() + 600), validBefore: BigInt(t.now() + 660) } }),
  ),
  invalidNotSettled('insufficient-funds', 'a payment from a payer without enough funds is refused with 402 and not served', async (t) => t.pay({ payer: await t.payer(priceOf(t) - 1n) })),
  invalidNotSettled('forged-signature', 'a payment signed by another key than its from is refused with 402 and not served', async (t) => t.pay({ signWith: await t.payer(0n) })),
  invalidNotSettled('wrong-chain-signature', 'a payment signed for another chain id is refused with 402 and not served', (t) => t.pay({ domain: { chainId: t.chain.chainId + 1 } })),
  invalidNotSettled('tampered-after-signing', 'a payment whose nonce was changed after signing is refused with 402 and not served', async (t) => {
    const paid = await t.pay()
    const inner = paid.payload['payload'] as Wire
    const auth = { ...(inner['authorization'] as Wire), nonce: `0x${'11'.repeat(32)}` }
    paid.payload = { ...paid.payload, payload: { ...inner, authorization: auth } }
    return paid
  }),
  defineCase({
    id: 'server.verification.front-run-not-served',
    clause: 'http.server.verify-first',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    exclusive: true,
    title: 'a payment whose authorization was already submitted on chain by someone else is refused and not served',
    run: async (t) => {
      const paid = await t.pay()
      const hash = await t.frontRun(paid)
      await t.chain.client.waitForTransactionReceipt({ hash, timeout: 10_000 })
      const before = await t.ledger.snapshot(paid)
      await expectRefused(t, await t.fetchPaid(paid))
      const moved = await t.ledger.transfersFrom(before)
      t.check(moved.length === 0, `${moved.length} more transfer(s) from the payer after the front-run`)
    },
  }),
  defineCase({
    id: 'server.verification.replay-reencoded',
    clause: 'http.server.verify-first',
    level: 'MUST',
    role: 'server',
    versions: [1, 2],
    title: 'a used payment replayed with other header bytes (JSON whitespace, member order) is refused, and charged only once',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const first = await t.fetchPaid(paid)
      t.check(isServed(first.status), `the first use was answered ${first.status}`)
      const reordered = Object.fromEntries(Object.entries(paid.payload).reverse())
      await expectRefused(t, await t.fetchPaid(undefined, { header: b64(paddedJson(reordered, 3)) }))
      await t.ledger.expectPaid(before)
    },
  }),
  defineCase({
    id: 'server.verification.replay-other-version',
    clause: 'http.server.verify-first',
    level: 'MUST',
    role: 'server',
    versions: [1],
    title: 'the authorization of a used v1 payment, replayed inside a v2 payment, is refused and charged only once',
    run: async (t) => {
      const challenge = await t.fetchPaid(undefined)
      const v2 = challengeOf(2, challenge) ?? t.skip('the server does not offer v2 beside v1')
      const offer = acceptsOf(2, challenge).find((r) => r['network'] === t.chain.network) ?? t.skip('no v2 offer on the chain')
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const first = await t.fetchPaid(paid)
      t.check(isServed(first.status), `the first use was answered ${first.status}`)
      const replay = { x402Version: 2, resource: v2['resource'], accepted: offer, payload: paid.payload['payload'] }
      await expectRefused(t, await t.fetchPaid(undefined, { header: t.encode(replay), headerName: 'PAYMENT-SIGNATURE' }))
      await t.ledger.expectPaid(before)
    },
  }),
  invalidNotSettled('expiring-now', 'a payment whose validBefore is two seconds away is refused with 402 and not served', (t) =>
    t.pay({ authorization: { validAfter: BigInt(t.now() - 60), validBefore: BigInt(t.now() + 2) } }),
  ),
]
