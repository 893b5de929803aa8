import { categoryOf, reasons } from '../../src/errors/reasons.js'
import type { ReasonCategory } from '../../src/errors/reasons.js'
import { CaseFailure, CaseSkip } from './failure.js'
import type { Outcome, TestContext } from './types.js'

/**
 * What the expectations need from the run: `info` notes a fact; `warn` records a hygiene finding of a
 * case whose verdict stands (the runner reports it at SHOULD level: it fails only under --strict).
 */
export type ExpectOptions = { strict: boolean; info(message: string): void; warn(message: string): void }

const flagOf = (o: Outcome) => (o.kind === 'verify' ? 'isValid' : 'success')
const evidenceOf = (o: Outcome) => ({ status: o.status, body: o.body, ...(o.error ? { error: o.error } : {}) })

function noServerError(o: Outcome): void {
  if (o.error) throw new CaseFailure(`no answer from ${o.request.url}: ${o.error}`, evidenceOf(o))
  if (o.status >= 500)
    throw new CaseFailure(`${o.kind} answered ${o.status} to a client error (5xx means the facilitator broke)`, evidenceOf(o))
}

/** A verify outcome says the payment is valid (200, `isValid: true`). */
export function expectValid(o: Outcome, opts: ExpectOptions): void {
  noServerError(o)
  if (o.status !== 200 || o.ok !== true) {
    throw new CaseFailure(
      `expected a valid ${o.kind} (200, ${flagOf(o)}: true), got ${o.status}${o.reason ? ` with reason '${o.reason}'` : ''}`,
      evidenceOf(o),
    )
  }
  void opts
}

/** A settle outcome says the payment settled (200, `success: true`, a transaction hash). */
export function expectSettled(o: Outcome, opts: ExpectOptions): void {
  expectValid(o, opts)
  if (o.kind === 'settle' && (typeof o.transaction !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(o.transaction))) {
    throw new CaseFailure(
      `a successful settle must name its transaction hash, got ${JSON.stringify(o.transaction)}`,
      evidenceOf(o),
    )
  }
}

/**
 * The outcome refuses the payment (DESIGN §6, §10). The refusal is the verdict: 200 or 4xx with
 * `isValid`/`success: false`, or a bare 4xx (x402 1.2 answers a refusal 400 with a body and no flag);
 * a success, a 5xx or no answer fails. The reason is hygiene: a reason outside `category`, an unknown
 * spelling, no reason, or (with `strict`) a spelling that is not one of our canonical codes is a warning
 * of the case, never its failure; what the refusal costs is for the ledger to show.
 */
export function expectRejected(
  o: Outcome,
  category: ReasonCategory | readonly ReasonCategory[] | undefined,
  opts: ExpectOptions,
): void {
  noServerError(o)
  const wanted: readonly ReasonCategory[] = category === undefined ? [] : typeof category === 'string' ? [category] : category
  const label = wanted.join(' or ')
  const did = o.kind === 'verify' ? 'verified' : 'settled'
  if (o.ok === true)
    throw new CaseFailure(`expected the ${o.kind} to be rejected${label ? ` (${label})` : ''}, but it ${did}`, evidenceOf(o))
  if (o.ok === undefined) {
    if (o.status < 400 || o.status >= 500)
      throw new CaseFailure(`expected ${flagOf(o)}: false in the body, got HTTP ${o.status}`, evidenceOf(o))
    opts.info(`rejected with HTTP ${o.status} and no ${flagOf(o)} field`)
    if (wanted.length > 0 && !wanted.includes('invalid_payload'))
      opts.warn(`the ${o.kind} refusal is a bare HTTP ${o.status} without ${flagOf(o)} or a reason (the clause names ${label})`)
    return
  }
  if (o.status !== 200) opts.info(`rejected with HTTP ${o.status} (200 is recommended)`)
  if (wanted.length === 0) return
  if (o.reason === undefined || o.reason === '') {
    opts.warn(`the ${o.kind} refusal carries no reason (the clause names ${label})`)
    return
  }
  const got = categoryOf(o.reason)
  opts.info(`reason '${o.reason}' (category ${got ?? 'unknown'})`)
  const shown = o.reason.length > 120 ? `${o.reason.slice(0, 120)}…` : o.reason
  if (got === undefined) opts.warn(`the ${o.kind} reason '${shown}' is not a known spelling of ${label}`)
  else if (!wanted.includes(got)) opts.warn(`the ${o.kind} reason '${shown}' is category ${got}, the clause names ${label}`)
  else if (opts.strict && !(o.reason in reasons))
    opts.warn(`the ${o.kind} reason '${o.reason}' is not one of our canonical codes`)
}

/** The verdict section of the context: expectations, failures, notes, skips. */
export type Verdicts = Pick<
  TestContext,
  'expectValid' | 'expectSettled' | 'expectInvalid' | 'expectNotSettled' | 'fail' | 'check' | 'info' | 'skip'
>

/** Builds the verdict section of one case's context. */
export function createVerdicts(opts: ExpectOptions): Verdicts {
  return {
    expectValid: (o) => expectValid(o, opts),
    expectSettled: (o) => expectSettled(o, opts),
    expectInvalid: (o, category) => expectRejected(o, category, opts),
    expectNotSettled: (o, category) => expectRejected(o, category, opts),
    fail(message, evidence = {}): never {
      throw new CaseFailure(message, evidence)
    },
    check(condition, message, evidence = {}) {
      if (!condition) throw new CaseFailure(message, evidence)
    },
    info: (message) => opts.info(message),
    skip(reason): never {
      throw new CaseSkip(reason)
    },
  }
}
