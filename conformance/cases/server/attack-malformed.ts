import { defineCase } from '../../case.js'
import type { Paid, TestContext, Wire } from '../../context/types.js'
import { amountField, setRequirement, wireAuthorization } from '../helpers.js'
import { leakedInternals } from './attack-moves.js'
import { paymentHeader } from './helpers-server.js'
import { expectNoLoss, snapshotOf } from './outcomes.js'

/**
 * Malformed-input breadth at the resource server (spec/08-attacks.md): payment headers with symbols,
 * nulls, padded or hex amounts and huge timestamps. Each is judged by its consequence (expectNoLoss: not
 * served unless the ledger shows the offer paid; no 5xx), and no answer shows the server's internals.
 */

type Edit = { id: string; versions?: readonly (1 | 2)[]; edit: (paid: Paid) => void }

const accepted = (p: Paid, value: unknown) => void (p.payload = { ...p.payload, accepted: value })
const inAccepted = (p: Paid, field: string, value: unknown) => accepted(p, { ...(p.payload['accepted'] as Wire), [field]: value })

const edits: readonly Edit[] = [
  { id: 'accepted null', versions: [2], edit: (p) => accepted(p, null) },
  { id: 'accepted a string', versions: [2], edit: (p) => accepted(p, 'USDC') },
  { id: 'accepted.asset "USDC"', versions: [2], edit: (p) => inAccepted(p, 'asset', 'USDC') },
  {
    id: 'accepted.amount " 10000"',
    versions: [2],
    edit: (p) => inAccepted(p, 'amount', ` ${String(p.requirements[amountField(p)])}`),
  },
  {
    id: 'accepted.amount in hex',
    versions: [2],
    edit: (p) => inAccepted(p, 'amount', `0x${BigInt(String(p.requirements[amountField(p)])).toString(16)}`),
  },
  { id: 'value in hex', edit: (p) => void (wireAuthorization(p)['value'] = `0x${p.amount.toString(16)}`) },
  { id: 'value padded', edit: (p) => void (wireAuthorization(p)['value'] = ` ${p.amount} `) },
  { id: 'validBefore 2^64', edit: (p) => void (wireAuthorization(p)['validBefore'] = (2n ** 64n).toString()) },
  { id: 'validBefore 2^256', edit: (p) => void (wireAuthorization(p)['validBefore'] = (2n ** 256n).toString()) },
  { id: 'validAfter -1', edit: (p) => void (wireAuthorization(p)['validAfter'] = '-1') },
  { id: 'authorization null', edit: (p) => void ((p.payload['payload'] as Wire)['authorization'] = null) },
  { id: 'payload null', edit: (p) => void (p.payload = { ...p.payload, payload: null }) },
  { id: 'x402Version 2^64', edit: (p) => void (p.payload = { ...p.payload, x402Version: 2 ** 64 }) },
  { id: 'scheme null', edit: (p) => void (p.payload = { ...p.payload, scheme: null }) },
  { id: 'requirements field asset "USDC" (signed as is)', versions: [2], edit: (p) => setRequirement(p, 'asset', 'USDC') },
]

const applies = (t: TestContext) => (e: Edit) => (e.versions ?? [1, 2]).includes(t.version)

const noLoss = defineCase({
  id: 'server.attack-malformed.no-loss',
  clause: 'attack.malformed.never-valid',
  level: 'MUST',
  harm: 'access',
  role: 'server',
  versions: [1, 2],
  title: 'payment headers with symbols, nulls, padded or hex amounts and huge timestamps are not served unpaid and get no 5xx',
  timeoutMs: 90_000,
  run: async (t) => {
    for (const e of edits.filter(applies(t))) {
      const paid = await t.pay()
      e.edit(paid)
      const before = await snapshotOf(t, { ...paid, requirements: t.requirements() })
      const res = await t.fetchPaid(paid)
      await expectNoLoss(t, { ...paid, requirements: t.requirements() }, res, before)
    }
  },
})

const noInternals = defineCase({
  id: 'server.attack-malformed.no-internals',
  clause: 'attack.malformed.no-internals',
  level: 'MUST',
  harm: 'availability',
  role: 'server',
  versions: [1, 2],
  title: 'no answer to a malformed payment header shows a stack trace, a source path or an exception name',
  timeoutMs: 90_000,
  run: async (t) => {
    const problems: string[] = []
    const raw = ['e30=', 'bnVsbA==', 'WzEsMiwzXQ==', t.encode({ x402Version: 2 }), t.encode({ x402Version: '2', payload: [] })]
    const answers = []
    for (const header of raw) answers.push({ label: `header ${header}`, res: await t.fetchPaid(undefined, { header }) })
    for (const e of edits.filter(applies(t))) {
      const paid = await t.pay()
      e.edit(paid)
      answers.push({ label: e.id, res: await t.fetchPaid(paid) })
    }
    const other = paymentHeader(t.version === 1 ? 2 : 1)
    answers.push({
      label: `the other version's header empty`,
      res: await t.fetchPaid(undefined, { header: '', headerName: other }),
    })
    for (const { label, res } of answers) {
      const leaks = leakedInternals(res.text)
      if (leaks.length > 0)
        problems.push(`${label} (${res.status}): the body shows ${leaks.join(', ')}: ${res.text.slice(0, 160)}`)
      if (res.status >= 500) problems.push(`${label}: ${res.status}`)
    }
    t.check(problems.length === 0, problems.join('; '), { problems })
  },
})

export const cases = [noLoss, noInternals]
