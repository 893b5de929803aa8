import { encodeBase64Json } from '../../../src/codecs/base64Json.js'
import { paymentIdentifierKey as key } from '../../../src/types/extensions.js'
import type { ClientContext, Observation } from '../../client/context.js'
import { defineClientCase } from '../../client/defineClientCase.js'
import type { Play } from '../../client/endpoint.js'
import { evidenceOf, onlyPayment } from '../../client/expect.js'
import type { SeenPayment } from '../../client/payments.js'
import { CaseFailure, CaseSkip } from '../../context/failure.js'
import { pendingFirst, pendingRetryAfter } from './pending.js'

// The payment-identifier extension seen from the paying client (spec/11-extensions.md §11.2).

const declaration = {
  info: { required: true },
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: { required: { type: 'boolean' }, id: { type: 'string', minLength: 16, maxLength: 128 } },
    required: ['required'],
  },
}

/** `play`, with `extensions` added to the v2 challenge of its 402 answers. */
function announcing(play: Play, extensions: Record<string, unknown>): Play {
  return async (hit, at) => {
    const reply = await play(hit, at)
    const header = reply.headers?.['payment-required']
    if (reply.status !== 402 || header === undefined) return reply
    const challenge = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Record<string, unknown>
    return { ...reply, headers: { ...reply.headers, 'payment-required': encodeBase64Json({ ...challenge, extensions }) } }
  }
}

/** The payment-identifier id a payment carries (undefined when none). */
function idOf(payment: SeenPayment): unknown {
  const extension = (payment.payload?.['extensions'] as Record<string, unknown> | undefined)?.[key]
  return (extension as { info?: Record<string, unknown> } | undefined)?.info?.['id']
}

/** Fails when the payment sent again after the pending answer is not the first one: another id, or another authorization. */
function expectSameAgain(c: ClientContext, obs: Observation): unknown {
  const [first, again] = obs.payments
  if (first === undefined)
    throw new CaseSkip('the client did not pay the offer (client.extensions.payment-id-required judges that)')
  const id = idOf(first)
  if (typeof id !== 'string')
    throw new CaseSkip('the client sent no payment-identifier id (client.extensions.payment-id-required judges that)')
  if (again === undefined)
    throw new CaseSkip(
      `the client did not send the request again after 503 with Retry-After: ${pendingRetryAfter} (settlement pending); not resending is allowed, so there is no retry to judge`,
    )
  const evidence = evidenceOf(c, obs, { ids: obs.payments.map(idOf) })
  if (idOf(again) !== id)
    throw new CaseFailure(
      `the retry of the same request carries payment-identifier id ${JSON.stringify(idOf(again))}, the first request ${JSON.stringify(id)}: the server cannot tell it is a retry`,
      evidence,
    )
  if (again.authorization?.nonce !== first.authorization?.nonce)
    throw new CaseFailure(
      'the retry of the same request carries a new authorization under the same id: a second payment that the first one, once confirmed, is charged beside',
      evidence,
    )
  return id
}

export const cases = [
  defineClientCase({
    id: 'client.extensions.payment-id-required',
    clause: 'ext.payment-id.client-sends',
    level: 'MUST',
    harm: 'interop',
    versions: [2],
    title: 'an offer that requires a payment-identifier is paid with an id of 16–128 letters, digits, - or _',
    run: async (c) => {
      const obs = await c.observe(announcing(c.honest([c.offer()]), { [key]: declaration }))
      const payment = onlyPayment(c, obs)
      const extension = (payment.payload?.['extensions'] as Record<string, unknown> | undefined)?.[key]
      const info = (extension as { info?: Record<string, unknown> } | undefined)?.info
      const id = info?.['id']
      // No id at all is a client without the extension (opt-in in the upstream SDKs, whose clients echo the
      // declaration as announced): it cannot buy here, but nothing is lost, and a verdict would be about a
      // feature it never claimed. An id it does send must be one the server accepts.
      if (id === undefined)
        throw new CaseSkip(
          'the client sends no payment-identifier id (it does not implement the extension): a server that requires one answers 400 and charges nothing',
        )
      if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{16,128}$/.test(id))
        throw new CaseFailure(
          `the payment carries payment-identifier id ${JSON.stringify(id)}; the server requires an id of 16–128 characters [A-Za-z0-9_-] and answers 400 without one`,
          evidenceOf(c, obs, { extension }),
        )
    },
  }),
  defineClientCase({
    id: 'client.extensions.payment-id-reused',
    clause: 'ext.payment-id.client-reuses',
    level: 'SHOULD',
    harm: 'hygiene',
    versions: [2],
    title:
      'a paid request answered 503 settlement_pending with Retry-After is sent again with the same payment-identifier id and payment; a new request gets a new id',
    run: async (c) => {
      const announced = { [key]: declaration }
      const id = expectSameAgain(c, await c.observe(announcing(pendingFirst(c, [c.offer()]), announced)))
      const next = await c.observe(announcing(c.honest([c.offer()]), announced))
      const newId = next.payments[0] === undefined ? undefined : idOf(next.payments[0])
      if (newId === id)
        throw new CaseFailure(
          `a new logical request (a second run of the client) carries the same payment-identifier id ${JSON.stringify(id)}: a server that remembers it answers 409 or the remembered answer`,
          evidenceOf(c, next),
        )
    },
  }),
]
