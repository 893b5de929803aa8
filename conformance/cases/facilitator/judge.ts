import { categoryOf } from '../../../src/errors/reasons.js'
import type { ReasonCategory } from '../../../src/errors/reasons.js'
import { defineCase } from '../../case.js'
import type { Case, Harm, Level, Version } from '../../case.js'
import type { Outcome, Paid, TestContext } from '../../context/types.js'
import { expectRejectedEverywhere } from '../helpers.js'

/**
 * One facilitator case as a row: the clause it checks, what it costs when it fails (harm, level),
 * the stimulus (`make` builds the payment to send) and a title that states the expectation.
 */
export type PaymentRow = {
  readonly id: string
  readonly clause: string
  readonly level: Level
  readonly harm: Harm
  readonly title: string
  readonly versions?: readonly Version[]
  readonly make: (t: TestContext) => Promise<Paid>
}

/** A row whose payment must be refused; `reasons` are the categories its clause names. */
export type RefusalRow = PaymentRow & { readonly reasons: readonly ReasonCategory[] }

/** Notes the verdict's reason against the categories the clause names (a fact, never a failure). */
export function noteReason(t: TestContext, o: Outcome, reasons: readonly ReasonCategory[]): void {
  const got = o.reason === undefined ? undefined : categoryOf(o.reason)
  const fits = got !== undefined && reasons.includes(got)
  const aside = fits ? '' : ` (category ${String(got)}, the clause names ${reasons.join(' or ')})`
  t.info(`${o.kind}: HTTP ${o.status}, reason '${String(o.reason)}'${aside}`)
}

/**
 * The consequence check of a refusal: `/settle` never answers success and the ledger shows that
 * nothing moved and nothing concerning the payer was broadcast. A verify that says valid, a 5xx and the
 * reason are reported, not judged here (no money moved; 5xx is judged by `facilitator.verification.no-5xx-invalid`).
 * `verifyFirst: false` settles without a fresh /verify (a cached earlier verdict must not decide the settle).
 */
export async function expectNoMoneyMoved(
  t: TestContext,
  paid: Paid,
  reasons: readonly ReasonCategory[],
  options: { verifyFirst?: boolean } = {},
): Promise<void> {
  const before = await t.ledger.snapshot(paid)
  if (options.verifyFirst !== false) {
    const verified = await t.verify(paid)
    if (verified.ok === true) t.info('verify answered valid; settle is what moves money, and it is judged below')
    else noteReason(t, verified, reasons)
  }
  const settled = await t.settle(paid)
  const evidence = { status: settled.status, body: settled.body }
  t.check(settled.ok !== true, 'settle answered success for a payment that must be refused', evidence)
  noteReason(t, settled, reasons)
  await t.ledger.expectUntouched(before)
}

/**
 * A refusal case: at MUST the consequence is judged ({@link expectNoMoneyMoved}); at SHOULD or INFO
 * (hygiene) verify and settle must both refuse, for a reason of the named categories.
 */
export function refusalCase(row: RefusalRow): Case {
  const { make, reasons, versions = [1, 2], ...rest } = row
  return defineCase({
    ...rest,
    role: 'facilitator',
    versions,
    run: async (t) => {
      const paid = await make(t)
      if (row.level === 'MUST') await expectNoMoneyMoved(t, paid, reasons)
      else await expectRejectedEverywhere(t, paid, reasons)
    },
  })
}

/** A case whose payment (a harmless variation of a correct one) verifies, settles and balances. */
export function settlesCase(row: PaymentRow): Case {
  const { make, versions = [1, 2], ...rest } = row
  return defineCase({
    ...rest,
    role: 'facilitator',
    versions,
    run: async (t) => expectVerifiedAndSettled(t, await make(t)),
  })
}

/** Verify says valid; settle succeeds; the ledger shows exactly the payment, once. */
export async function expectVerifiedAndSettled(t: TestContext, paid: Paid): Promise<void> {
  const before = await t.ledger.snapshot(paid)
  t.expectValid(await t.verify(paid))
  const settled = await t.settle(paid)
  t.expectSettled(settled)
  await t.ledger.expectPaid(before, settled.transaction)
}

/** Posts `paid` to /verify and /settle and fails on a 5xx or on no answer; the evidence names the row. */
export async function expectVerdicts(t: TestContext, paid: Paid, label: string): Promise<string[]> {
  const problems: string[] = []
  for (const o of [await t.verify(paid), await t.settle(paid)]) {
    if (o.error) problems.push(`${label}: /${o.kind} gave no answer (${o.error})`)
    else if (o.status >= 500)
      problems.push(`${label}: /${o.kind} answered ${o.status} ${String(JSON.stringify(o.body)).slice(0, 120)}`)
  }
  return problems
}

/** The stimulus "a correct payment, changed by `edit` after signing". */
export const afterSigning = (edit: (paid: Paid, t: TestContext) => Promise<void> | void) => async (t: TestContext) => {
  const paid = await t.pay()
  await edit(paid, t)
  return paid
}

/**
 * /verify never answers valid for a payment that can never settle. In the authorization flow the
 * resource server runs its handler on this verdict, so a handler whose work is the product (an action,
 * a computation) is delivered unpaid although the settlement then fails: access. One case per area,
 * over that area's stimuli, so one root cause is one finding.
 */
export const verifyRefusesCase = (row: {
  id: string
  title: string
  stimuli: readonly Pick<RefusalRow, 'id' | 'make' | 'versions'>[]
}) =>
  defineCase({
    id: row.id,
    clause: 'facilitator.verify.refuses',
    level: 'MUST',
    harm: 'access',
    role: 'facilitator',
    versions: [1, 2],
    title: row.title,
    // the stimuli are signed and sent one after another: a fixed 30 s ran out on a loaded machine
    timeoutMs: Math.max(30_000, row.stimuli.length * 6_000),
    run: async (t) => {
      const accepted: string[] = []
      for (const s of row.stimuli.filter((x) => (x.versions ?? [1, 2]).includes(t.version))) {
        const o = await t.verify(await s.make(t))
        if (o.ok === true) accepted.push(s.id)
      }
      t.check(accepted.length === 0, `verify answered valid for payments that can never settle: ${accepted.join(', ')}`, {
        accepted,
      })
    },
  })
