import type { HostileMode, TestContext } from '../../context/types.js'
import { expectRefusedUncharged, expectSettledIfServed } from './hostile.js'
import type { HostileRow } from './hostile.js'
import { isServed } from './helpers-server.js'
import { snapshotOf } from './outcomes.js'
import { rowCases } from '../rowCases.js'

/**
 * How a server reads its facilitator's HTTP answers. A redirect hands the verdict to another host: a
 * server that follows one acts on that host's word (here, a made-up settlement), so it is a failed call.
 * An answer of many megabytes (a refusal padded with whitespace; nothing moves) is read only up to a
 * bound, and the server keeps answering.
 */

type Row = { id: string; mode: HostileMode; forged: boolean; harm: 'access' | 'availability'; clause: string; title: string }

const rows: readonly Row[] = [
  {
    id: 'server.hostile.settle-redirect',
    mode: { settle: 'redirect' },
    forged: false,
    harm: 'access',
    clause: 'http.server.facilitator-redirect',
    title: 'a facilitator that answers settle with a 307 to another host: the redirect is not followed, nothing is served unpaid',
  },
  {
    id: 'server.hostile.verify-redirect-forged',
    mode: { verify: 'redirect', settle: 'redirect' },
    forged: true,
    harm: 'access',
    clause: 'http.server.facilitator-redirect',
    title: 'a facilitator that redirects verify and settle to a host vouching for a forged payment: nothing is served',
  },
  {
    id: 'server.hostile.verify-huge',
    mode: { verify: 'huge' },
    forged: false,
    harm: 'availability',
    clause: 'http.server.facilitator-answer-size',
    title: 'a facilitator whose verify answer is 16 MiB long: the server answers, serves nothing unpaid, and keeps answering',
  },
  {
    id: 'server.hostile.settle-huge',
    mode: { settle: 'huge' },
    forged: false,
    harm: 'availability',
    clause: 'http.server.facilitator-answer-size',
    title: 'a facilitator whose settle answer is 16 MiB long: the server answers, serves nothing unpaid, and keeps answering',
  },
]

async function run(t: TestContext, row: Row): Promise<void> {
  t.hostile(row.mode)
  const paid = row.forged ? await t.pay({ signWith: await t.payer(0n) }) : await t.pay()
  const before = await snapshotOf(t, paid)
  const res = await t.fetchPaid(paid)
  t.check(res.status !== 0, `no answer while the facilitator was ${JSON.stringify(row.mode)}: ${res.error ?? ''}`, {
    error: res.error,
  })
  const hostileRow: HostileRow = { id: row.id, mode: row.mode, harm: row.harm, payment: 'correct', when: '', outcome: '' }
  if (isServed(res.status)) await expectSettledIfServed(t, hostileRow, res, before)
  else await expectRefusedUncharged(t, res, before)
  const after = await t.fetchPaid(undefined)
  t.check(after.status !== 0 && after.status < 500, `after that, an unpaid request was answered ${after.status || after.error}`)
}

export const cases = rowCases({ level: 'MUST', role: 'server', versions: [1, 2], timeoutMs: 60_000 }, rows, run)
