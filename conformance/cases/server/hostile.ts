import { defineCase } from '../../case.js'
import type { Harm } from '../../case.js'
import { decodeLenient } from '../../context/http.js'
import type { Exchange } from '../../context/http.js'
import type { HostileMode, Paid, TestContext } from '../../context/types.js'
import { expectNoPaidContent, isServed, originAndPath, paymentHeader, rawRequest, receiptOf } from './helpers-server.js'
import { snapshotOf, transactionOf } from './outcomes.js'

/**
 * http.server.fail-closed, judged by the ledger: with the harness facilitator misbehaving, the paid
 * content is served only when the ledger shows the payment settled exactly once and the receipt names
 * that transaction (a server may settle directly, without `/verify`); otherwise nothing is charged.
 * A refusal is then any non-2xx: 502/503 with an `error` is recommended, a 402 is fine when nothing was
 * charged (a 402 after a charge would invite the client to pay twice).
 */

/** How long a patient request waits for a server whose facilitator never answers. */
const patienceMs = 100_000

/** The payment a row sends. */
type Payment = 'correct' | 'forged' | 'expired'

/** One misbehaviour: what the facilitator does (`when`) and what the server must do then (`outcome`). */
export type HostileRow = {
  id: string
  mode: HostileMode
  harm: Harm
  payment: Payment
  slow?: boolean
  when: string
  outcome: string
}

const unpaid = 'nothing is served without a settled payment'
const discarded = 'the handler body is discarded, nothing charged'
const patient = 'the server answers within 100 s, serving nothing unpaid'

const rows: readonly HostileRow[] = [
  {
    id: 'server.hostile.verify-down',
    mode: { verify: 'down' },
    harm: 'access',
    payment: 'correct',
    when: 'drops the verify connection',
    outcome: unpaid,
  },
  {
    id: 'server.hostile.verify-slow',
    mode: { verify: 'slow' },
    harm: 'availability',
    payment: 'correct',
    slow: true,
    when: 'never answers verify',
    outcome: patient,
  },
  {
    id: 'server.hostile.verify-garbage',
    mode: { verify: 'garbage' },
    harm: 'access',
    payment: 'correct',
    when: 'answers verify with HTML',
    outcome: unpaid,
  },
  {
    id: 'server.hostile.verify-error-500',
    mode: { verify: 'error-500' },
    harm: 'access',
    payment: 'correct',
    when: 'answers verify with 500',
    outcome: unpaid,
  },
  {
    id: 'server.hostile.settle-down',
    mode: { settle: 'down' },
    harm: 'access',
    payment: 'correct',
    when: 'drops the settle connection after a valid verify',
    outcome: discarded,
  },
  {
    id: 'server.hostile.settle-slow',
    mode: { settle: 'slow' },
    harm: 'availability',
    payment: 'correct',
    slow: true,
    when: 'never answers settle',
    outcome: patient,
  },
  {
    id: 'server.hostile.settle-garbage',
    mode: { settle: 'garbage' },
    harm: 'access',
    payment: 'correct',
    when: 'answers settle with HTML',
    outcome: discarded,
  },
  {
    id: 'server.hostile.settle-error-500',
    mode: { settle: 'error-500' },
    harm: 'access',
    payment: 'correct',
    when: 'answers settle with 500',
    outcome: discarded,
  },
  {
    id: 'server.hostile.settle-success-without-transaction',
    mode: { settle: 'success-without-transaction' },
    harm: 'access',
    payment: 'correct',
    when: 'claims settlement without a transaction',
    outcome: 'nothing is served',
  },
  {
    id: 'server.hostile.lie-valid-forged',
    mode: { verify: 'lie-valid' },
    harm: 'access',
    payment: 'forged',
    when: 'calls a forged payment valid',
    outcome: 'its settlement fails, nothing is served or charged',
  },
  {
    id: 'server.hostile.lie-valid-expired',
    mode: { verify: 'lie-valid' },
    harm: 'access',
    payment: 'expired',
    when: 'calls an expired payment valid',
    outcome: 'its settlement fails, nothing is served or charged',
  },
  {
    id: 'server.hostile.lie-valid-claims-success',
    mode: { verify: 'lie-valid', settle: 'success-without-transaction' },
    harm: 'access',
    payment: 'forged',
    when: 'vouches for a forged payment and claims its settlement without a transaction',
    outcome: 'nothing is served',
  },
]

async function makePayment(t: TestContext, payment: Payment): Promise<Paid> {
  if (payment === 'forged') return t.pay({ signWith: await t.payer(0n) })
  if (payment === 'expired')
    return t.pay({ authorization: { validAfter: BigInt(t.now() - 600), validBefore: BigInt(t.now() - 300) } })
  return t.pay()
}

/** Served: harmless only when the ledger shows this payment settled once, in the receipt's transaction. */
export async function expectSettledIfServed(
  t: TestContext,
  row: HostileRow,
  res: Exchange,
  before: Awaited<ReturnType<typeof snapshotOf>>,
) {
  const moved = await t.ledger.transfersFrom(before)
  const served = `paid content was served (${res.status}) while the facilitator was ${JSON.stringify(row.mode)}`
  t.check(moved.length > 0, `${served}, and the payer was not charged`, { status: res.status, body: res.body })
  const tx = transactionOf(receiptOf(t.version, res))
  t.check(tx !== undefined, `${served}; the receipt names no transaction`, { headers: res.headers })
  await t.ledger.expectPaid(before, tx)
  t.info('served after a settlement the ledger confirms: the server did not depend on the failing facilitator call')
}

/** Not served: nothing charged; how the refusal reads is noted (502/503 with an error is recommended). */
export async function expectRefusedUncharged(t: TestContext, res: Exchange, before: Awaited<ReturnType<typeof snapshotOf>>) {
  expectNoPaidContent(t, res.text, `answer ${res.status}`)
  await t.ledger.expectUntouched(before)
  const error = (res.body as { error?: unknown } | undefined)?.error
  if (res.status !== 502 && res.status !== 503)
    t.info(`answered ${res.status} with nothing charged; the clause recommends 502 or 503`)
  else if (typeof error !== 'string' || error === '') t.info(`the ${res.status} answer carries no error`)
  if (receiptOf(t.version, res)?.['success'] === true) t.info('the refusal carries a receipt claiming success')
}

/**
 * The paid request with a long limit instead of the harness's 20 s (a server may wait for its
 * facilitator longer than the harness waits for the server); raw, so not in the transcript.
 */
async function patientFetch(t: TestContext, paid: Paid): Promise<Exchange> {
  const { origin, path } = originAndPath(t.resourceUrl)
  const raw = await rawRequest(origin, path, {
    headers: { [paymentHeader(t.version)]: t.encode(paid.payload) },
    timeoutMs: patienceMs,
  })
  let body: unknown = raw.text
  try {
    body = JSON.parse(raw.text) as unknown
  } catch {
    // not JSON: keep the text
  }
  const decoded: Record<string, unknown> = {}
  for (const h of ['payment-response', 'x-payment-response'])
    if (raw.headers[h] !== undefined) decoded[h] = decodeLenient(raw.headers[h]!)
  const request = { method: 'GET', url: t.resourceUrl, headers: {}, body: undefined, decoded: {} }
  return {
    request,
    status: raw.status,
    headers: raw.headers,
    body,
    text: raw.text,
    decoded,
    ms: 0,
    ...(raw.error ? { error: raw.error } : {}),
  }
}

export const cases = rows.map((row) =>
  defineCase({
    id: row.id,
    clause: 'http.server.fail-closed',
    level: 'MUST',
    harm: row.harm,
    role: 'server',
    versions: [1, 2],
    title: `a facilitator that ${row.when}: ${row.outcome}`,
    timeoutMs: row.slow ? patienceMs + 20_000 : 60_000,
    run: async (t: TestContext) => {
      t.hostile(row.mode)
      const paid = await makePayment(t, row.payment)
      const before = await snapshotOf(t, paid)
      const res = row.slow ? await patientFetch(t, paid) : await t.fetchPaid(paid)
      const silent = row.slow
        ? `no answer within ${patienceMs / 1000} s while the facilitator never answered (it holds the call open` +
          ` far longer): the server has no timeout of its own on facilitator calls`
        : `no answer while the facilitator was ${JSON.stringify(row.mode)}`
      t.check(res.status !== 0, `${silent}: ${res.error ?? ''}`, { error: res.error })
      if (isServed(res.status)) await expectSettledIfServed(t, row, res, before)
      else await expectRefusedUncharged(t, res, before)
    },
  }),
)
