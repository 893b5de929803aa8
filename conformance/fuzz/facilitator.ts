import fc from 'fast-check'
import { paymentMutations } from '../../src/evm/paymentMutations.js'
import type { Paid, Signer, TestContext } from '../context/types.js'
import type { Driver, Exercised } from './campaign.js'
import { judgePayment, unfundedPayer } from './judge.js'
import { observe } from './observe.js'
import type { Probe } from './observe.js'
import { sendRaw } from './send.js'
import type { RawAnswer } from './send.js'
import { corruptedJson, corruption, damagedText, textDamage } from './values.js'
import type { Corruption, TextDamage } from './values.js'

/** How a generated facilitator input is made (printed as the reproduction when an oracle fails). */
export type PaymentFamily =
  | { kind: 'valid' }
  | { kind: 'mutant'; mutation: string }
  | { kind: 'foreign'; network: string; chainId: number }
  | { kind: 'foreign-asset'; asset: string }
  | { kind: 'structure'; corruption: Corruption }
  | { kind: 'text'; damage: TextDamage }

export type FacilitatorInput = { endpoint: 'verify' | 'settle'; family: PaymentFamily }

const hexAddress = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => `0x${Buffer.from(b).toString('hex')}`)

/** The payment families, weighted: mostly malformed and adversarial, some mutants, a few correct payments. */
export function paymentFamily(version: 1 | 2): fc.Arbitrary<PaymentFamily> {
  const mutations = paymentMutations.filter((m) => m.versions.includes(version)).map((m) => m.name)
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant<PaymentFamily>({ kind: 'valid' }) },
    { weight: 20, arbitrary: fc.constantFrom(...mutations).map((mutation): PaymentFamily => ({ kind: 'mutant', mutation })) },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(['eip155:1', 1] as const, ['eip155:8453', 8453] as const, ['eip155:84532', 84532] as const)
        .map(([network, chainId]): PaymentFamily => ({ kind: 'foreign', network, chainId })),
    },
    { weight: 3, arbitrary: hexAddress.map((asset): PaymentFamily => ({ kind: 'foreign-asset', asset })) },
    { weight: 45, arbitrary: corruption.map((c): PaymentFamily => ({ kind: 'structure', corruption: c })) },
    { weight: 27, arbitrary: textDamage.map((damage): PaymentFamily => ({ kind: 'text', damage })) },
  )
}

/**
 * The payers of a campaign: one funded for correct payments and mutants, one that holds nothing (its
 * payment is signed once: nobody can settle it, so the malformed families reuse it).
 */
export type Payers = { funded: Signer; empty: Signer; emptyPaid?: Promise<Paid> }

/**
 * A payment of `family` for the version of `t` as the JSON text a facilitator receives (the request body) or,
 * with `header`, a server (the payment payload of its payment header), and the harness core's judgement of it.
 */
export async function buildPayment(t: TestContext, payers: Payers, family: PaymentFamily, header = false) {
  const v1 = t.version === 1
  let paid: Paid
  let funded = true
  if (family.kind === 'foreign') {
    // A chain the harness does not run (84532 is the harness default: then Ethereum instead).
    const chainId = family.chainId === t.chain.chainId ? 1 : family.chainId
    const names: Record<number, string> = { 1: 'ethereum', 8453: 'base', 84532: 'base-sepolia' }
    const network = v1 ? (names[chainId] ?? 'base') : `eip155:${chainId}`
    paid = await t.pay({ payer: payers.empty, requirements: t.requirements({ network }), domain: { chainId } })
    funded = false
  } else if (family.kind === 'foreign-asset') {
    const requirements = t.requirements({ asset: family.asset })
    paid = await t.pay({ payer: payers.funded, requirements, domain: { verifyingContract: family.asset as `0x${string}` } })
  } else {
    funded = family.kind === 'valid' || family.kind === 'mutant'
    if (!funded) payers.emptyPaid ??= t.pay({ payer: payers.empty })
    paid = funded ? await t.pay({ payer: payers.funded }) : structuredClone(await (payers.emptyPaid as Promise<Paid>))
  }
  const doc = { x402Version: t.version, paymentPayload: paid.payload, paymentRequirements: paid.requirements }
  if (family.kind === 'mutant') {
    const m = paymentMutations.find((x) => x.name === family.mutation)
    m?.apply(doc.paymentPayload, doc.paymentRequirements, t.now())
  }
  const judge = () =>
    judgePayment({
      payload: doc.paymentPayload,
      requirements: doc.paymentRequirements,
      version: t.version,
      now: t.now(),
      chain: t.chain,
      funded,
    })
  const wire = header ? doc.paymentPayload : doc
  // the nonce a settlement of this payment uses on the token (only a funded payer's payment can move funds)
  const signed = (doc.paymentPayload['payload'] as { authorization?: { nonce?: unknown } } | undefined)?.authorization?.nonce
  const nonce = funded && typeof signed === 'string' ? signed : undefined
  if (family.kind === 'structure')
    return { text: corruptedJson(wire, family.corruption), judgement: unfundedPayer('structurally corrupted') }
  if (family.kind === 'text')
    return { text: damagedText(JSON.stringify(wire), family.damage), judgement: unfundedPayer('damaged JSON') }
  return { text: JSON.stringify(wire), judgement: judge(), nonce }
}

/** Reads `isValid` / `success` from an answer's JSON (lenient: any body). */
function acceptedIn(text: string, endpoint: 'verify' | 'settle'): boolean {
  try {
    const body = JSON.parse(text) as Record<string, unknown>
    return body[endpoint === 'verify' ? 'isValid' : 'success'] === true
  } catch {
    return false
  }
}

/** The facilitator driver: POST /verify or /settle with generated bodies. */
export function facilitatorDriver(t: TestContext, payers: Payers, answerMs: number): Driver<FacilitatorInput> {
  const base = (t.target.facilitatorUrl ?? '').replace(/\/$/, '')
  const origin = new URL(base).origin
  const prefix = new URL(base).pathname.replace(/\/$/, '')
  const alive = async () =>
    (await sendRaw(origin, { method: 'GET', path: `${prefix}/supported`, headers: {} }, answerMs)).status > 0
  const probe: Probe = { t, origin, answerMs, alive }
  return {
    arbitrary: fc.record({ endpoint: fc.constantFrom('verify' as const, 'settle' as const), family: paymentFamily(t.version) }),
    alive,
    exercise: async (input): Promise<Exercised> => {
      const { text, judgement, nonce } = await buildPayment(t, payers, input.family)
      const request = {
        method: 'POST',
        path: `${prefix}/${input.endpoint}`,
        headers: { 'content-type': 'application/json' },
        body: text,
      }
      const read = (answer: RawAnswer) => {
        const accepted = acceptedIn(answer.text, input.endpoint)
        return { accepted, served: false, settled: accepted && input.endpoint === 'settle' }
      }
      return observe(probe, request, judgement, read, nonce)
    },
  }
}
