import { categoryOf } from '../../../src/errors/reasons.js'
import type { ReasonCategory } from '../../../src/errors/reasons.js'
import { defineCase } from '../../case.js'
import type { Paid, TestContext } from '../../context/types.js'
import { wireAuthorization } from '../helpers.js'
import { rows as amountRows } from './amount.js'
import { lenient, neverSettle, rawBodies } from './attack-malformed.js'
import { rows as envelopeRows } from './envelopes.js'
import { rows as fundsRows } from './funds.js'
import { afterSigning, expectVerdicts, refusalCase } from './judge.js'
import type { RefusalRow } from './judge.js'
import { rows as matchRows } from './match.js'
import { rows as signatureRows } from './signature.js'
import { malformedPayments } from './transport.js'
import { rows as typedDataRows } from './typed-data.js'

const dead = '0x000000000000000000000000000000000000dEaD'
const solanaMainnet = 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp'
const expiredWindow = (t: TestContext) => ({ validAfter: BigInt(t.now()) - 60n, validBefore: BigInt(t.now()) - 10n })

export const rows: readonly RefusalRow[] = [
  {
    id: 'facilitator.verification.order-amount-before-expiry',
    clause: 'exact-evm.verification.order',
    level: 'SHOULD',
    harm: 'hygiene',
    title: 'a payment both overpaying and expired is answered with the earlier step (amount)',
    make: (t) => t.pay({ authorization: { value: 20_000n, ...expiredWindow(t) } }),
    reasons: ['amount_mismatch'],
  },
  {
    id: 'facilitator.verification.order-recipient-before-signature',
    clause: 'exact-evm.verification.order',
    level: 'SHOULD',
    harm: 'hygiene',
    title: 'a payment to the wrong recipient with a bad signature is answered with the earlier step (recipient)',
    make: async (t) => t.pay({ authorization: { to: dead }, signWith: await t.payer(0n) }),
    reasons: ['recipient_mismatch'],
  },
  {
    id: 'facilitator.verification.network-not-evm',
    clause: 'exact-evm.verify.network-supported',
    level: 'MUST',
    // settled on the facilitator's chain, the payee would be paid on another chain than the one it asked for
    harm: 'funds',
    title: 'requirements naming a network that is not an EVM chain are never settled',
    make: (t) => t.pay({ requirements: t.requirements({ network: t.version === 1 ? 'not-a-chain' : solanaMainnet }) }),
    reasons: ['network', 'invalid_payload'],
  },
]

const wrongTypes = afterSigning((paid) => {
  const auth = wireAuthorization(paid)
  auth['from'] = 12345
  auth['value'] = { amount: 10000 }
  auth['nonce'] = ['0x00']
})

/** Every invalid payment the facilitator cases build, for the no-5xx sweep. */
const everyInvalidPayment: readonly RefusalRow[] = [
  ...amountRows,
  ...envelopeRows,
  ...fundsRows,
  ...matchRows,
  ...signatureRows,
  ...typedDataRows,
  ...rows,
]

/**
 * A 5xx (or no answer) to a payment the client got wrong: the resource server takes the facilitator for
 * down. Judged once over many inputs, so one root cause is one finding; each evidence line names its row.
 * A stimulus is a payment (`make`) or a raw request body (`body`): a payment with members missing or of
 * the wrong type. The cases those stimuli come from note a 5xx and leave it to this sweep.
 */
type Stimulus =
  | { id: string; make: (t: TestContext) => Promise<Paid>; versions?: readonly number[] }
  | { id: string; body: (t: TestContext) => Promise<unknown> | unknown; versions?: readonly number[] }

/** Malformed payments from the transport and attack-malformed cases ('not JSON' is transport.not-json-no-5xx's). */
const malformedStimuli: readonly Stimulus[] = [
  { id: 'wrong JSON types', make: wrongTypes },
  ...neverSettle.map((s) => ({ ...s, id: `attack-malformed: ${s.id}` })),
  ...lenient.map((s) => ({ ...s, id: `attack-malformed: ${s.id}` })),
  ...malformedPayments,
  ...(['paymentPayload null', 'paymentRequirements a string', 'authorization null', 'x402Version 2^64'] as const).map(
    (label) => ({
      id: `attack-malformed: ${label}`,
      body: async (t: TestContext) => rawBodies(await t.pay()).find(([l]) => l === label)?.[1],
    }),
  ),
]

/** A raw body posted to /verify and /settle: the problems (5xx, no answer) each labelled. */
async function rawVerdicts(t: TestContext, body: unknown, label: string): Promise<string[]> {
  const problems: string[] = []
  for (const endpoint of ['verify', 'settle']) {
    const x = await t.request(endpoint, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
    if (x.error) problems.push(`${label}: /${endpoint} gave no answer (${x.error})`)
    else if (x.status >= 500) problems.push(`${label}: /${endpoint} answered ${x.status} ${x.text.slice(0, 120)}`)
  }
  return problems
}
const isSkip = (e: unknown) => e instanceof Error && e.name === 'CaseSkip'

const noServerErrorCase = (row: { id: string; title: string; stimuli: readonly Stimulus[] }) =>
  defineCase({
    id: row.id,
    clause: 'exact-evm.verification.no-throw',
    level: 'MUST',
    harm: 'availability',
    role: 'facilitator',
    versions: [1, 2],
    timeoutMs: 180_000,
    title: row.title,
    run: async (t) => {
      const problems: string[] = []
      const stimuli = row.stimuli.filter((s) => (s.versions ?? [1, 2]).includes(t.version))
      for (let i = 0; i < stimuli.length; i += 4) {
        const batch = stimuli.slice(i, i + 4).map(async (s) => {
          if ('body' in s) return void problems.push(...(await rawVerdicts(t, await s.body(t), s.id)))
          const paid = await s.make(t).catch((e: unknown) => (isSkip(e) ? undefined : Promise.reject(e)))
          if (paid) problems.push(...(await expectVerdicts(t, paid, s.id)))
        })
        await Promise.all(batch)
      }
      t.info(`${stimuli.length} invalid payments sent to /verify and /settle`)
      t.check(problems.length === 0, `${problems.length} answers were 5xx or missing:\n${problems.join('\n')}`, { problems })
    },
  })

/** Invalid payments and the reason category each must be answered with. */
const categorised: readonly { make: (t: TestContext) => Promise<Paid>; category: ReasonCategory }[] = [
  { make: (t) => t.pay({ authorization: { value: 1n } }), category: 'amount_mismatch' },
  { make: (t) => t.pay({ authorization: { to: dead } }), category: 'recipient_mismatch' },
  { make: async (t) => t.pay({ payer: await t.payer(0n) }), category: 'insufficient_funds' },
  { make: (t) => t.pay({ authorization: expiredWindow(t) }), category: 'expired' },
  { make: async (t) => t.pay({ signWith: await t.payer(0n) }), category: 'invalid_signature' },
]

export const cases = [
  ...rows.map(refusalCase),
  // facilitator.verification.no-throw-wrong-types was one more finding of the same root cause: its stimulus is swept here
  noServerErrorCase({
    id: 'facilitator.verification.no-5xx-invalid',
    title: 'every invalid or malformed payment of the facilitator cases gets a verdict from /verify and /settle, never a 5xx',
    stimuli: [...everyInvalidPayment, ...malformedStimuli],
  }),
  defineCase({
    id: 'facilitator.verification.reason-known',
    clause: 'facilitator.verify.reason-code',
    level: 'SHOULD',
    // a resource server passes the reason on; it cannot act on it differently
    harm: 'hygiene',
    role: 'facilitator',
    versions: [1, 2],
    title: "rejections carry a reason of the failing check's category, canonical or a known spelling",
    run: async (t) => {
      for (const { make, category } of categorised) {
        const o = await t.verify(await make(t))
        t.check(o.ok === false, 'an invalid payment verified', { body: o.body })
        const got = o.reason === undefined ? undefined : categoryOf(o.reason)
        const message = `invalidReason '${String(o.reason)}' is category ${String(got)}, expected ${category}`
        t.check(got === category, message, { body: o.body })
      }
    },
  }),
  defineCase({
    id: 'facilitator.verification.payer-named',
    clause: 'exact-evm.verification.payer',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a rejection of a readable payload names the payer',
    run: async (t) => {
      const paid = await t.pay({ authorization: { value: 1n } })
      const o = await t.verify(paid)
      const named = o.payer?.toLowerCase() === paid.payer.address.toLowerCase()
      t.check(named, `payer is ${String(o.payer)}, expected ${paid.payer.address}`, { body: o.body })
    },
  }),
  defineCase({
    id: 'facilitator.verification.invalid-is-200',
    clause: 'facilitator.verify.invalid-is-200',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'facilitator',
    versions: [1, 2],
    title: 'an invalid payment is answered 200 with isValid false',
    run: async (t) => {
      const o = await t.verify(await t.pay({ authorization: { value: 1n } }))
      t.check(o.status === 200 && o.ok === false, `answered ${o.status}`, { body: o.body })
    },
  }),
]
