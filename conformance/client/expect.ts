import type { Address } from 'viem'
import { CaseFailure } from '../context/failure.js'
import type { ClientContext, Observation } from './context.js'
import { redact } from './context.js'
import type { Offer } from './offers.js'
import { describePayment, signerUnder } from './payments.js'
import type { SeenPayment } from './payments.js'

/** The evidence of a client case: requests with what was answered, payments, the ledger, how the client ended. */
export function evidenceOf(c: ClientContext, obs: Observation, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...extra,
    requests: obs.hits.map(
      (h) => `${h.method} ${h.path}${h.payment ? ` [${h.payment.header}]` : ''} → ${h.reply?.status ?? 'no answer'}`,
    ),
    payments: obs.attempts.map(describePayment),
    payerCharged: `${-obs.payerDelta}`,
    ...(obs.payerDeltaOther !== 0n ? { payerChargedTokenB: `${-obs.payerDeltaOther}` } : {}),
    client: obs.invocations.map((i) => ({
      exitCode: i.exitCode,
      signal: i.signal,
      timedOut: i.timedOut,
      durationMs: i.durationMs,
      stderr: redact(i.stderr, c.privateKey).slice(-600),
    })),
  }
}

/** Fails unless the client signed no payment at all. */
export function expectNoPayment(c: ClientContext, obs: Observation, why: string): void {
  if (obs.attempts.length > 0)
    throw new CaseFailure(`the client sent ${obs.attempts.length} payment(s): ${why}`, evidenceOf(c, obs))
}

/**
 * Distinct authorizations signed (the same one sent twice, e.g. across a redirect, is one payment) plus
 * unreadable payment headers.
 */
export function signedCount(obs: Observation): number {
  const nonces = new Set(
    obs.payments.map((p) => `${p.authorization!.from.toLowerCase()}:${p.authorization!.nonce.toLowerCase()}`),
  )
  return nonces.size + obs.attempts.filter((p) => p.authorization === undefined).length
}

/** Fails when the client signed more than `n` payments. */
export function expectAtMost(c: ClientContext, obs: Observation, n: number, why: string): void {
  const count = signedCount(obs)
  if (count > n) throw new CaseFailure(`the client signed ${count} payments, at most ${n} allowed: ${why}`, evidenceOf(c, obs))
}

/** Fails when the client signed more than one payment, or the payer lost more than the price: one request, one charge. */
export function expectChargedOnce(c: ClientContext, obs: Observation, why: string): void {
  expectAtMost(c, obs, 1, why)
  if (obs.payerDelta < -c.price)
    throw new CaseFailure(`the payer was charged ${-obs.payerDelta} for one request priced ${c.price}`, evidenceOf(c, obs))
}

/** Fails when the client signed a value above its declared X402_MAX_PER_REQUEST. */
export function expectNoneAbove(c: ClientContext, obs: Observation): void {
  const max = c.limits.maxPerRequest!
  const over = obs.payments.filter((p) => p.authorization!.value > max)
  if (over.length > 0)
    throw new CaseFailure(`the client signed ${over[0]!.authorization!.value}, above its maximum of ${max}`, evidenceOf(c, obs))
}

/** Fails when the client sent its private key to the endpoint: in a header, the path or the body. */
export function expectKeyNotSent(c: ClientContext, obs: Observation): void {
  const bare = c.privateKey.slice(2).toLowerCase()
  const sent = obs.hits.filter((h) => `${h.path}\n${JSON.stringify(h.headers)}\n${h.body}`.toLowerCase().includes(bare))
  if (sent.length > 0)
    throw new CaseFailure(
      `the client sent its private key to the server (${sent.length} request(s))`,
      evidenceOf(c, obs, { requestsWithKey: sent.map((h) => h.index) }),
    )
}

/** The one payment of an honest exchange; fails when there is none or it cannot be read. */
export function onlyPayment(c: ClientContext, obs: Observation): SeenPayment {
  const p = obs.payments[0]
  if (p === undefined) {
    const why = obs.attempts[0]?.problem ?? 'no payment header reached the endpoint'
    throw new CaseFailure(`the client did not pay an honest, acceptable offer (${why})`, evidenceOf(c, obs))
  }
  return p
}

/** Fails unless the authorization is for exactly `offer`: value, payTo, payer, a signature under the offer's domain. */
export function expectPays(
  c: ClientContext,
  obs: Observation,
  p: SeenPayment,
  offer: Offer,
  what: 'value' | 'to' | 'from' | 'domain',
): void {
  const a = p.authorization!
  const amount = String(offer['amount'] ?? offer['maxAmountRequired'])
  const same = (x: string, y: string) => x.toLowerCase() === y.toLowerCase()
  const fail = (message: string, extra: Record<string, unknown>) => {
    throw new CaseFailure(message, evidenceOf(c, obs, extra))
  }
  if (what === 'value' && a.value !== BigInt(amount))
    fail(`the client signed ${a.value}, the offer asked for ${amount}`, { offered: amount })
  if (what === 'to' && !same(a.to, String(offer['payTo'])))
    fail(`the client paid ${a.to}, the offer's payTo is ${offer['payTo']}`, {})
  if (what === 'from' && !same(a.from, c.payer))
    fail(`authorization.from is ${a.from}, not the payer ${c.payer} whose key it holds`, {})
  if (what === 'domain' || what === 'from') {
    const signer = signerUnder(p, c.domainOf(offer))
    if (signer === undefined || !same(signer, a.from as Address))
      fail(`the signature does not recover to authorization.from under the offer's domain (recovered ${signer ?? 'nothing'})`, {
        domain: c.domainOf(offer),
      })
  }
}

/** Fails when an invocation did not end within the time limit. */
export function expectEnded(c: ClientContext, obs: Observation): void {
  const hung = obs.invocations.find((i) => i.timedOut)
  if (hung)
    throw new CaseFailure(
      `the client did not end within ${c.harness.invocationTimeoutMs} ms (its process group was killed)`,
      evidenceOf(c, obs),
    )
}

/** Fails when the client's output carries its private key (with or without 0x, any case). */
export function expectKeyKept(c: ClientContext, obs: Observation): void {
  const bare = c.privateKey.slice(2).toLowerCase()
  const leaked = obs.invocations.filter((i) => `${i.stdout}\n${i.stderr}`.toLowerCase().includes(bare))
  if (leaked.length > 0)
    throw new CaseFailure(
      'the client printed its private key (stdout or stderr)',
      evidenceOf(c, obs, { leakedIn: leaked.length }),
    )
}
