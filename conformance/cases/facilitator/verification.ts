import { knownSpellings, reasons } from '../../../src/errors/reasons.js'
import { defineCase } from '../../case.js'
import { expectRejectedEverywhere, wireAuthorization } from '../helpers.js'

export const cases = [
  defineCase({
    id: 'facilitator.verification.order-amount-before-expiry',
    clause: 'exact-evm.verification.order',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a payment both overpaying and expired is answered with the earlier step (amount)',
    run: async (t) => {
      const now = BigInt(t.now())
      const paid = await t.pay({ authorization: { value: 20_000n, validAfter: now - 60n, validBefore: now - 10n } })
      await expectRejectedEverywhere(t, paid, 'amount_mismatch')
    },
  }),
  defineCase({
    id: 'facilitator.verification.order-recipient-before-signature',
    clause: 'exact-evm.verification.order',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a payment to the wrong recipient with a bad signature is answered with the earlier step (recipient)',
    run: async (t) => {
      const stranger = await t.payer(0n)
      const paid = await t.pay({ authorization: { to: '0x000000000000000000000000000000000000dEaD' }, signWith: stranger })
      await expectRejectedEverywhere(t, paid, 'recipient_mismatch')
    },
  }),
  defineCase({
    id: 'facilitator.verification.no-throw-wrong-types',
    clause: 'exact-evm.verification.no-throw',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'authorization members of the wrong JSON types get a verdict, not an error',
    run: async (t) => {
      const paid = await t.pay()
      const auth = wireAuthorization(paid)
      auth['from'] = 12345
      auth['value'] = { amount: 10000 }
      auth['nonce'] = ['0x00']
      await expectRejectedEverywhere(t, paid, ['invalid_payload'])
    },
  }),
  defineCase({
    id: 'facilitator.verification.reason-known',
    clause: 'facilitator.verify.reason-code',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'rejections carry a reason that is a canonical code or a known spelling',
    run: async (t) => {
      const bad = [await t.pay({ authorization: { value: 1n } }), await t.pay({ authorization: { to: '0x000000000000000000000000000000000000dEaD' } }), await t.pay({ payer: await t.payer(0n) })]
      for (const paid of bad) {
        const o = await t.verify(paid)
        t.check(o.ok === false, 'an invalid payment verified', { body: o.body })
        t.check(typeof o.reason === 'string' && (o.reason in reasons || o.reason in knownSpellings), `invalidReason '${String(o.reason)}' is neither canonical nor a known spelling`, { body: o.body })
      }
    },
  }),
  defineCase({
    id: 'facilitator.verification.payer-named',
    clause: 'exact-evm.verification.payer',
    level: 'SHOULD',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a rejection of a readable payload names the payer',
    run: async (t) => {
      const paid = await t.pay({ authorization: { value: 1n } })
      const o = await t.verify(paid)
      t.check(o.payer?.toLowerCase() === paid.payer.address.toLowerCase(), `payer is ${String(o.payer)}, expected ${paid.payer.address}`, { body: o.body })
    },
  }),
  defineCase({
    id: 'facilitator.verification.invalid-is-200',
    clause: 'facilitator.verify.invalid-is-200',
    level: 'SHOULD',
    role: 'facilitator',
    versions: [1, 2],
    title: 'an invalid payment is answered 200 with isValid false',
    run: async (t) => {
      const o = await t.verify(await t.pay({ authorization: { value: 1n } }))
      t.check(o.status === 200 && o.ok === false, `answered ${o.status}`, { body: o.body })
    },
  }),
  defineCase({
    id: 'facilitator.verification.network-not-evm',
    clause: 'exact-evm.verify.network-supported',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'requirements naming a network that is not an EVM chain are rejected',
    run: async (t) => {
      const network = t.version === 1 ? 'not-a-chain' : 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp'
      const paid = await t.pay({ requirements: t.requirements({ network }) })
      await expectRejectedEverywhere(t, paid, ['network', 'invalid_payload'])
    },
  }),
]
