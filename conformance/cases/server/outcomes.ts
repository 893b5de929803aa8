import { getAddress } from 'viem'
import { defineCase } from '../../case.js'
import type { Harm, Version } from '../../case.js'
import type { Snapshot } from '../../context/ledger.js'
import type { Exchange } from '../../context/http.js'
import type { Paid, TestContext, Wire } from '../../context/types.js'
import { expectServedWithReceipt, isServed, priceOf, receiptOf } from './helpers-server.js'

/** How the resource-server cases end: served and charged once, or refused with nothing moved. */

/** The transaction a receipt names, when it names one. */
export function transactionOf(receipt: Wire | undefined): string | undefined {
  const tx = receipt?.['transaction']
  return typeof tx === 'string' && tx !== '' ? tx : undefined
}

/** `value` as a checksummed address when it is an address in any letter case; otherwise unchanged. */
export function normalizeAddress(value: unknown): unknown {
  return typeof value === 'string' && /^0x[0-9a-fA-F]{40}$/.test(value) ? getAddress(value.toLowerCase()) : value
}

/**
 * The payment as the ledger reads it: `payTo` and `asset` checksummed. A case may spell them in any
 * letter case on the wire (viem refuses a mixed-case address whose checksum is wrong), and a harness
 * crash must never be reported as the target's failure.
 */
export function ledgerView(paid: Paid): Paid {
  const requirements = { ...paid.requirements }
  for (const field of ['payTo', 'asset']) if (field in requirements) requirements[field] = normalizeAddress(requirements[field])
  return { ...paid, requirements }
}

/** The ledger snapshot of a payment, read through {@link ledgerView}. */
export const snapshotOf = (t: TestContext, paid: Paid): Promise<Snapshot> => t.ledger.snapshot(ledgerView(paid))

/** Sends `paid` (or what `send` sends for it): served with a successful receipt, charged exactly once. */
export async function expectServedAndCharged(
  t: TestContext,
  paid: Paid,
  send: () => Promise<Exchange> = () => t.fetchPaid(paid),
): Promise<{ res: Exchange; receipt: Wire; before: Snapshot }> {
  const before = await snapshotOf(t, paid)
  const res = await send()
  const receipt = expectServedWithReceipt(t, res)
  await t.ledger.expectPaid(before, transactionOf(receipt))
  return { res, receipt, before }
}

/**
 * The consequence check of a payment that differs from the offer (DESIGN §10). Served is harmless only
 * when the payment pays the offer's price to its payTo and the ledger shows exactly that, once; refused
 * must move nothing. Whether the server refused it, and how, is recorded for the hygiene cases.
 */
export async function expectNoLoss(t: TestContext, paid: Paid, res: Exchange, before: Snapshot): Promise<void> {
  const evidence = { status: res.status, body: res.body, error: res.error }
  t.check(res.status !== 0, `no answer: ${res.error ?? 'connection failed'}`, evidence)
  t.check(res.status < 500, `a payment the server could refuse was answered ${res.status}`, evidence)
  if (!isServed(res.status)) return t.ledger.expectUntouched(before)
  const offer = t.requirements()
  const price = priceOf(t)
  const to = String(offer['payTo']).toLowerCase()
  const asset = String(offer['asset']).toLowerCase()
  const offered = paid.amount === price && paid.authorization.to.toLowerCase() === to && before.asset.toLowerCase() === asset
  const what = `served a payment of ${paid.amount} ${before.asset} to ${paid.authorization.to}`
  t.check(offered, `${what}; the offer asks ${price} ${String(offer['asset'])} to ${String(offer['payTo'])}`, evidence)
  await t.ledger.expectPaid(before, transactionOf(receiptOf(t.version, res)))
  t.info(`served (${res.status}) a payment that differs from the offer, but the ledger shows the offer paid once`)
}

/** A payment that ought not be served, judged by {@link expectNoLoss}; `clause` defaults to http.server.match-offer. */
export type MismatchRow = {
  id: string
  clause?: string
  harm: Harm
  versions: Version[]
  title: string
  make: (t: TestContext) => Promise<Paid>
}

/** The MUST case of a {@link MismatchRow}; the refusal's status and a settle attempt are noted (hygiene). */
export const mismatchCase = (row: MismatchRow) =>
  defineCase({
    id: row.id,
    clause: row.clause ?? 'http.server.match-offer',
    level: 'MUST',
    harm: row.harm,
    role: 'server',
    versions: row.versions,
    title: row.title,
    run: async (t) => {
      const paid = await row.make(t)
      const before = await snapshotOf(t, paid)
      const res = await t.fetchPaid(paid)
      await expectNoLoss(t, paid, res, before)
      if (res.status !== 402) t.info(`the payment was answered ${res.status}; 402 is recommended`)
      if (!isServed(res.status) && t.target.hostile && t.facilitatorCalls().settle > 0)
        t.info('the server asked the facilitator to settle it')
    },
  })
