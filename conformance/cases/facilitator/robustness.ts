import { defineCase } from '../../case.js'
import type { TestContext } from '../../context/types.js'
import { expectNoMoneyMoved, noteReason } from './judge.js'

const deep = 10_000
/** An answer this size or larger carries more than a verdict: the input, echoed back. */
const maxAnswerBytes = 8 * 1024
const nested = `${'['.repeat(deep)}${']'.repeat(deep)}`

/** `ignorable`: a member the facilitator need not read (the version is the payload's), so a valid verdict is correct. */
type Member = { name: string; set: (body: Record<string, unknown>, value: string) => void; ignorable?: true }
const inPayload =
  (key: string): Member['set'] =>
  (body, value) => {
    body['paymentPayload'] = { ...(body['paymentPayload'] as object), [key]: value }
  }
const inRequirements =
  (key: string): Member['set'] =>
  (body, value) => {
    body['paymentRequirements'] = { ...(body['paymentRequirements'] as object), [key]: value }
  }
const members: readonly Member[] = [
  { name: 'x402Version', set: (body, value) => void (body['x402Version'] = value), ignorable: true },
  { name: 'paymentPayload', set: (body, value) => void (body['paymentPayload'] = value) },
  { name: 'paymentPayload.payload', set: inPayload('payload') },
  { name: 'paymentRequirements', set: (body, value) => void (body['paymentRequirements'] = value) },
  { name: 'paymentRequirements.extra', set: inRequirements('extra') },
]

/** The JSON text of a correct payment's body with `member` replaced by an array nested {@link deep} levels. */
async function deeplyNestedBody(t: TestContext, member: Member): Promise<string> {
  const paid = await t.pay()
  const body: Record<string, unknown> = {
    x402Version: t.version,
    paymentPayload: paid.payload,
    paymentRequirements: paid.requirements,
  }
  const marker = '__deeply_nested__'
  member.set(body, marker)
  return JSON.stringify(body).replace(`"${marker}"`, nested)
}

export const cases = [
  defineCase({
    id: 'facilitator.robustness.payto-capital-x',
    clause: 'exact-evm.verify.recipient',
    level: 'MUST',
    // a facilitator that reads `0X…` as an address moves the money, then cannot check or report the settlement
    harm: 'funds',
    role: 'facilitator',
    versions: [1, 2],
    title: 'requirements whose payTo is spelled 0X… (not an EVM address) are refused and nothing moves',
    run: async (t) => {
      const spelled = `0X${t.payTo.slice(2)}`
      const paid = await t.pay({ requirements: t.requirements({ payTo: spelled }), authorization: { to: t.payTo } })
      await expectNoMoneyMoved(t, paid, ['recipient_mismatch', 'invalid_payload'])
    },
  }),
  defineCase({
    id: 'facilitator.robustness.settle-retry-names-transaction',
    clause: 'facilitator.settle.used-names-transaction',
    level: 'MUST',
    // a server retrying after a lost answer is told "failed" without the hash and refuses what the payer paid for
    harm: 'funds',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a settle repeated after the authorization was settled names the transaction that settled it',
    run: async (t) => {
      const paid = await t.pay()
      const before = await t.ledger.snapshot(paid)
      const first = await t.settle(paid)
      t.expectSettled(first)
      await t.ledger.expectPaid(before, first.transaction)
      const again = await t.settle(paid)
      const evidence = { first: first.transaction, status: again.status, body: again.body }
      noteReason(t, again, ['nonce_used'])
      const named = again.transaction?.toLowerCase() === first.transaction?.toLowerCase()
      const verdict = again.ok === true ? 'answered success' : 'refused the retry'
      t.check(
        named,
        `the payer was charged in ${first.transaction}; the facilitator ${verdict} without naming that transaction`,
        evidence,
      )
    },
  }),
  defineCase({
    id: 'facilitator.robustness.settle-retry-after-expiry',
    clause: 'facilitator.settle.used-names-transaction',
    level: 'MUST',
    // a server that retries after its own crash can come back after validBefore: "expired" hides a payment taken in time
    harm: 'funds',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a settle repeated after validBefore of an authorization settled in time names the transaction that settled it',
    run: async (t) => {
      const validBefore = t.now() + 16
      const paid = await t.pay({ authorization: { validBefore: BigInt(validBefore) } })
      const first = await t.settle(paid)
      t.expectSettled(first)
      // past validBefore minus any margin a facilitator keeps for the transaction to land
      while (t.now() <= validBefore) await new Promise((resolve) => setTimeout(resolve, 250))
      const again = await t.settle(paid)
      noteReason(t, again, ['nonce_used', 'expired'])
      const evidence = { first: first.transaction, status: again.status, body: again.body }
      const named = again.transaction?.toLowerCase() === first.transaction?.toLowerCase()
      t.check(named, `the payer was charged in ${first.transaction}; the retry after validBefore does not name it`, evidence)
    },
  }),
  defineCase({
    id: 'facilitator.robustness.deep-nesting',
    clause: 'facilitator.transport.depth-bounded',
    level: 'MUST',
    harm: 'availability',
    role: 'facilitator',
    versions: [1, 2],
    title: `a member nested ${deep.toLocaleString('en')} levels deep is answered below 500 with a small answer`,
    run: async (t) => {
      for (const member of members) {
        const body = await deeplyNestedBody(t, member)
        for (const endpoint of ['verify', 'settle']) {
          const x = await t.request(endpoint, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
          const evidence = { member: member.name, status: x.status, bytes: x.text.length, start: x.text.slice(0, 300) }
          t.check(!x.error, `no answer from /${endpoint} with ${member.name} nested ${deep} deep: ${x.error}`)
          t.check(x.status < 500, `/${endpoint} answered ${x.status} with ${member.name} nested ${deep} deep`, evidence)
          t.check(
            x.text.length < maxAnswerBytes,
            `/${endpoint} answered ${x.text.length} bytes (the input echoed back)`,
            evidence,
          )
          const b = x.body as Record<string, unknown> | undefined
          if (member.ignorable) {
            // judged by its payload's version (what version-from-payload asks): a correct payment may verify and settle
            if (b?.['isValid'] === true || b?.['success'] === true) t.info(`/${endpoint} ignored the nested ${member.name}`)
            continue
          }
          t.check(
            b?.['isValid'] !== true && b?.['success'] !== true,
            `/${endpoint} accepted a body with ${member.name} nested`,
            evidence,
          )
        }
      }
    },
  }),
  defineCase({
    id: 'facilitator.robustness.version-from-payload',
    clause: 'facilitator.request.version-inferred',
    level: 'MUST',
    // the upstream v2 body example has no top-level x402Version: a server written from it cannot be paid
    harm: 'interop',
    role: 'facilitator',
    versions: [1, 2],
    title: "a body without a top-level x402Version is judged by its payload's version: a correct payment verifies and settles",
    run: async (t) => {
      const paid = await t.pay()
      const body = { paymentPayload: paid.payload, paymentRequirements: paid.requirements }
      const before = await t.ledger.snapshot(paid)
      t.expectValid(await t.verify(paid, { body }))
      const settled = await t.settle(paid, { body })
      t.expectSettled(settled)
      await t.ledger.expectPaid(before, settled.transaction)
    },
  }),
]
