import { defineCase } from '../../case.js'
import type { Exchange } from '../../context/http.js'
import type { Paid, TestContext, Wire } from '../../context/types.js'
import { leakedInternals } from '../server/attack-moves.js'
import { amountField, setRequirement, wireAuthorization } from '../helpers.js'
import { afterSigning, noteReason } from './judge.js'

/**
 * Malformed-input breadth (spec/08-attacks.md): odd spellings a confused peer or an attacker sends to
 * /verify and /settle. None may be answered valid when it can never settle (access), none may crash the
 * facilitator or show its internals (availability); refusing lenient spellings is hygiene.
 */

type Stimulus = { id: string; versions?: readonly (1 | 2)[]; make: (t: TestContext) => Promise<Paid> }

const two64 = 2n ** 64n
const setAmount = (value: string) => afterSigning((p) => setRequirement(p, amountField(p), value))
const setValue = (field: string, value: string) => afterSigning((p) => void (wireAuthorization(p)[field] = value))

/**
 * Payments that can never settle, because the requirements sent (or the signed authorization) are
 * unsatisfiable: verify must not call them valid, settle must not succeed. A change to the client's
 * `accepted` copy alone is not one (the requirements still settle exactly as asked): it is lenient.
 */
export const neverSettle: readonly Stimulus[] = [
  { id: 'asset "USDC"', make: afterSigning((p) => setRequirement(p, 'asset', 'USDC')) },
  { id: 'asset ""', make: afterSigning((p) => setRequirement(p, 'asset', '')) },
  { id: 'validAfter 2^64 (signed)', make: (t) => t.pay({ authorization: { validAfter: two64, validBefore: two64 + 3600n } }) },
  {
    id: 'validAfter 2^256-1 (signed)',
    make: (t) => t.pay({ authorization: { validAfter: 2n ** 256n - 1n, validBefore: 2n ** 256n - 1n } }),
  },
]

/** Lenient spellings: refusing them is hygiene; answering 5xx or leaking internals is not. */
export const lenient: readonly Stimulus[] = [
  { id: 'accepted null (v2)', versions: [2], make: afterSigning((p) => void (p.payload = { ...p.payload, accepted: null })) },
  {
    // only the client's copy changes: the requirements sent beside it name the real asset, so it settles as required
    id: 'accepted.asset "USDC" (v2)',
    versions: [2],
    make: afterSigning(
      (p) => void (p.payload = { ...p.payload, accepted: { ...(p.payload['accepted'] as Wire), asset: 'USDC' } }),
    ),
  },
  { id: 'amount " 10000"', make: setAmount(' 10000') },
  { id: 'amount "10000 "', make: setAmount('10000 ') },
  { id: 'amount "0x2710"', make: setAmount('0x2710') },
  { id: 'amount "+10000"', make: setAmount('+10000') },
  { id: 'value "0x2710"', make: setValue('value', '0x2710') },
  { id: 'value " 10000"', make: setValue('value', ' 10000') },
  { id: 'validBefore "18446744073709551616" (unsigned)', make: setValue('validBefore', two64.toString()) },
  { id: 'validBefore 2^256 (unsigned)', make: setValue('validBefore', (2n ** 256n).toString()) },
  { id: 'validBefore "-1" (unsigned)', make: setValue('validBefore', '-1') },
]

const applies = (t: TestContext) => (s: Stimulus) => (s.versions ?? [1, 2]).includes(t.version)

const neverValid = defineCase({
  id: 'facilitator.attack-malformed.never-valid',
  clause: 'attack.malformed.never-valid',
  level: 'MUST',
  harm: 'access',
  role: 'facilitator',
  versions: [1, 2],
  title: 'an asset given as a symbol or a timestamp of 2^64 or more is never valid and never settles',
  run: async (t) => {
    const accepted: string[] = []
    for (const s of neverSettle.filter(applies(t))) {
      const paid = await s.make(t)
      const verified = await t.verify(paid)
      const settled = await t.settle(paid)
      if (verified.ok === true) accepted.push(`${s.id} (verify)`)
      if (settled.ok === true) accepted.push(`${s.id} (settle)`)
    }
    t.check(accepted.length === 0, `answered valid or settled: ${accepted.join(', ')}`, { accepted })
  },
})

/** Raw bodies beside the payments: wrong types where objects and strings belong. */
export const rawBodies = (paid: Paid): readonly [string, unknown][] => [
  ['paymentPayload null', { x402Version: paid.version, paymentPayload: null, paymentRequirements: paid.requirements }],
  ['paymentRequirements a string', { x402Version: paid.version, paymentPayload: paid.payload, paymentRequirements: 'USDC' }],
  [
    'authorization null',
    {
      x402Version: paid.version,
      paymentPayload: { ...paid.payload, payload: { authorization: null } },
      paymentRequirements: paid.requirements,
    },
  ],
  ['x402Version 2^64', { x402Version: 2 ** 64, paymentPayload: paid.payload, paymentRequirements: paid.requirements }],
  ['not JSON', '{"x402Version": 1, '],
]

/** Every answer the stimuli provoke, labelled. */
async function provoke(t: TestContext): Promise<[string, Exchange][]> {
  const out: [string, Exchange][] = []
  for (const s of [...neverSettle, ...lenient].filter(applies(t))) {
    const paid = await s.make(t)
    out.push([`${s.id} /verify`, await t.verify(paid)], [`${s.id} /settle`, await t.settle(paid)])
  }
  const base = await t.pay()
  for (const [label, body] of rawBodies(base))
    for (const path of ['/verify', '/settle']) out.push([`${label} ${path}`, await t.request(path, { method: 'POST', body })])
  return out
}

const noCrash = defineCase({
  id: 'facilitator.attack-malformed.no-5xx-no-internals',
  clause: 'attack.malformed.no-internals',
  level: 'MUST',
  harm: 'availability',
  role: 'facilitator',
  versions: [1, 2],
  title: 'symbols, nulls, padded or hex amounts and huge timestamps get no stack trace, path or exception name (5xx: the sweep)',
  timeoutMs: 90_000,
  run: async (t) => {
    const problems: string[] = []
    for (const [label, res] of await provoke(t)) {
      // a 5xx is one root cause, judged once: malformed payments by facilitator.verification.no-5xx-invalid,
      // a body that is not JSON by facilitator.transport.not-json-no-5xx; here it is noted
      if (res.status === 0 || res.status >= 500) t.info(`${label}: ${res.status || `no answer (${res.error ?? ''})`}`)
      const leaks = leakedInternals(res.text)
      if (leaks.length > 0) problems.push(`${label}: the body shows ${leaks.join(', ')}: ${res.text.slice(0, 160)}`)
    }
    t.check(problems.length === 0, problems.join('; '), { problems })
  },
})

const strict = defineCase({
  id: 'facilitator.attack-malformed.lenient-spellings-refused',
  clause: 'attack.malformed.strict-numbers',
  level: 'SHOULD',
  harm: 'hygiene',
  role: 'facilitator',
  versions: [1, 2],
  title: 'padded, signed or hex amounts, unsigned huge timestamps, accepted null or naming a symbol are refused by verify',
  run: async (t) => {
    const valid: string[] = []
    for (const s of lenient.filter(applies(t))) {
      const o = await t.verify(await s.make(t))
      if (o.ok === true) valid.push(s.id)
      else noteReason(t, o, ['invalid_payload', 'requirements_mismatch', 'invalid_signature', 'amount_mismatch'])
    }
    t.check(valid.length === 0, `verify accepted lenient spellings: ${valid.join(', ')}`, { valid })
  },
})

const zero = defineCase({
  id: 'facilitator.attack-malformed.zero-amount',
  clause: 'attack.malformed.zero-amount',
  // a zero price is the resource server's choice; what the facilitator does with it is reported, not judged
  level: 'INFO',
  harm: 'hygiene',
  role: 'facilitator',
  versions: [1, 2],
  title: 'requirements asking an amount of "0", paid with a zero-value authorization, are refused and nothing is broadcast',
  run: async (t) => {
    const paid = await t.pay({ requirements: t.requirements({ amount: '0' }), authorization: { value: 0n } })
    const before = await t.ledger.snapshot(paid)
    const verified = await t.verify(paid)
    const settled = await t.settle(paid)
    t.check(verified.ok !== true && settled.ok !== true, 'a zero-amount payment was accepted', {
      verify: verified.body,
      settle: settled.body,
    })
    await t.ledger.expectUntouched(before)
  },
})

export const cases = [neverValid, noCrash, strict, zero]
