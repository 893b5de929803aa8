import { paymentIdentifierKey as key } from '../../../src/types/extensions.js'
import { defineCase } from '../../case.js'
import type { Exchange } from '../../context/http.js'
import type { Paid, TestContext } from '../../context/types.js'
import { findExtensionRoute, idFor, payRoute, requiresId } from './extension-routes.js'
import type { ExtensionRoute } from './extension-routes.js'
import { expectNotServed, isServed, receiptOf } from './helpers-server.js'
import { expectServedAndCharged, snapshotOf, transactionOf } from './outcomes.js'

// The payment-identifier extension (spec/11-extensions.md §11.2): idempotency keys, judged by the ledger.

/** A route announcing payment-identifier, paid once under a fresh id: served and charged once. */
async function settledOnce(t: TestContext): Promise<{ route: ExtensionRoute; first: Paid; id: string; res: Exchange }> {
  const route = await findExtensionRoute(t, key)
  const paid = await payRoute(t, route, (p) => idFor(p))
  const id = idFor(paid)
  const { res } = await expectServedAndCharged(t, paid, () => t.fetchPaid(paid, { url: route.url }))
  return { route, first: paid, id, res }
}

/** The answer to a refusal because of the id: if served, it must have been charged once like any sale; if not, nothing moved. */
async function expectUnchargedRefusal(t: TestContext, route: ExtensionRoute, paid: Paid, what: string): Promise<number> {
  const before = await snapshotOf(t, paid)
  const res = await t.fetchPaid(paid, { url: route.url })
  const evidence = { status: res.status, body: res.body }
  t.check(res.status !== 0 && res.status < 500, `${what} was answered ${res.status || res.error}`, evidence)
  if (isServed(res.status)) {
    await t.ledger.expectPaid(before, transactionOf(receiptOf(2, res)))
    t.info(`${what} was served and charged (${res.status}); the extension asks for a 400`)
  } else await t.ledger.expectUntouched(before)
  return res.status
}

/** Payments whose identifier the server ought to refuse, each with what it is. */
async function badIdPayments(t: TestContext, route: ExtensionRoute): Promise<[string, Paid][]> {
  const bad: [string, Paid][] = []
  for (const [what, id] of [
    ['an id of 15 characters', (p: Paid) => idFor(p, 15)],
    ['an id of 129 characters', (p: Paid) => idFor(p, 129)],
    ['an id with a character outside [A-Za-z0-9_-]', (p: Paid) => `${idFor(p, 20)}.x`],
  ] as const)
    bad.push([what, await payRoute(t, route, id)])
  return bad
}

export const cases = [
  defineCase({
    id: 'server.idempotency.same-payload-cached',
    clause: 'ext.payment-id.same-payload',
    level: 'MUST',
    harm: 'funds',
    role: 'server',
    versions: [2],
    title: 'a repeat of a settled payment under the same id gets the remembered answer and is not charged again',
    run: async (t) => {
      const { route, first, res } = await settledOnce(t)
      const before = await snapshotOf(t, first)
      const again = await t.fetchPaid(first, { url: route.url })
      const evidence = { status: again.status, body: again.body }
      t.check(
        isServed(again.status),
        `the retry of a paid request was answered ${again.status}: the payer was charged and is not served`,
        evidence,
      )
      await t.ledger.expectUntouched(before)
      if (again.text !== res.text) t.info('the answer to the retry differs from the first answer')
    },
  }),
  defineCase({
    id: 'server.idempotency.conflict-no-charge',
    clause: 'ext.payment-id.conflict-no-charge',
    level: 'MUST',
    harm: 'funds',
    role: 'server',
    versions: [2],
    title: 'a second, different payment by the same payer under a settled id is not charged',
    run: async (t) => {
      const { route, first, id } = await settledOnce(t)
      const second = await payRoute(t, route, id, first.payer)
      const before = await snapshotOf(t, second)
      const res = await t.fetchPaid(second, { url: route.url })
      t.check(res.status !== 0 && res.status < 500, `the second payment was answered ${res.status || res.error}`)
      await t.ledger.expectUntouched(before)
      if (res.status !== 409) t.info(`the second payment was answered ${res.status}; 409 is recommended`)
    },
  }),
  defineCase({
    id: 'server.idempotency.conflict-no-content',
    clause: 'ext.payment-id.conflict-no-content',
    level: 'MUST',
    harm: 'access',
    role: 'server',
    versions: [2],
    title: "another payer's payment under a settled id is not served the remembered answer unless it is charged itself",
    run: async (t) => {
      const { route, id } = await settledOnce(t)
      const other = await payRoute(t, route, id)
      const before = await snapshotOf(t, other)
      const res = await t.fetchPaid(other, { url: route.url })
      t.check(res.status !== 0 && res.status < 500, `the other payer's payment was answered ${res.status || res.error}`)
      if (!isServed(res.status)) return t.ledger.expectUntouched(before)
      const receipt = receiptOf(2, res)
      const tx = transactionOf(receipt)
      const paidNow = (await t.ledger.transfersFrom(before)).length > 0
      t.check(paidNow, `served (${res.status}) to another payer under a known id without charging it`, {
        body: res.body,
        receipt,
      })
      await t.ledger.expectPaid(before, tx)
    },
  }),
  defineCase({
    id: 'server.idempotency.conflict-409',
    clause: 'ext.payment-id.conflict-409',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'server',
    versions: [2],
    title: 'a different payment under a settled id is answered 409, nothing charged',
    run: async (t) => {
      const { route, first, id } = await settledOnce(t)
      const second = await payRoute(t, route, id, first.payer)
      const before = await snapshotOf(t, second)
      const res = await t.fetchPaid(second, { url: route.url })
      t.check(res.status === 409, `expected 409, got ${res.status}`, { body: res.body })
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'server.idempotency.refusal-uncharged',
    clause: 'ext.payment-id.refusal-uncharged',
    level: 'MUST',
    harm: 'funds',
    role: 'server',
    versions: [2],
    title: 'a payment refused for its identifier (missing where required, too short, too long, bad character) is not charged',
    run: async (t) => {
      const route = await findExtensionRoute(t, key)
      const required = await findExtensionRoute(t, key, requiresId).catch(() => undefined)
      if (required)
        await expectUnchargedRefusal(t, required, await payRoute(t, required, null), 'a payment without the required id')
      for (const [what, paid] of await badIdPayments(t, route))
        await expectUnchargedRefusal(t, route, paid, `a payment with ${what}`)
    },
  }),
  defineCase({
    id: 'server.idempotency.required-400',
    clause: 'ext.payment-id.required-400',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'server',
    versions: [2],
    title: 'on a route that requires an id, a payment without one is answered 400, nothing charged',
    run: async (t) => {
      const route = await findExtensionRoute(t, key, requiresId)
      const paid = await payRoute(t, route, null)
      const before = await snapshotOf(t, paid)
      const res = await t.fetchPaid(paid, { url: route.url })
      expectNotServed(t, res)
      t.check(res.status === 400, `expected 400, got ${res.status}`, { body: res.body })
      await t.ledger.expectUntouched(before)
    },
  }),
  defineCase({
    id: 'server.idempotency.id-format',
    clause: 'ext.payment-id.id-format',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'server',
    versions: [2],
    title: 'ids of 15 or 129 characters, or with a character outside [A-Za-z0-9_-], are answered 400, nothing charged',
    run: async (t) => {
      const route = await findExtensionRoute(t, key)
      for (const [what, paid] of await badIdPayments(t, route)) {
        const status = await expectUnchargedRefusal(t, route, paid, `a payment with ${what}`)
        t.check(status === 400, `a payment with ${what} was answered ${status}, expected 400`)
      }
    },
  }),
]
