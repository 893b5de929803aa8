import { encodeBase64Json } from '../../../src/codecs/base64Json.js'
import { defineClientCase } from '../../client/defineClientCase.js'
import type { Play } from '../../client/endpoint.js'
import { evidenceOf, onlyPayment } from '../../client/expect.js'
import { CaseFailure } from '../../context/failure.js'

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

export const cases = [
  defineClientCase({
    id: 'client.extensions.payment-id-required',
    clause: 'ext.payment-id.client-sends',
    level: 'MUST',
    harm: 'interop',
    versions: [2],
    title: 'an offer that requires a payment-identifier is paid with an id of 16–128 letters, digits, - or _',
    run: async (c) => {
      const obs = await c.observe(announcing(c.honest([c.offer()]), { 'payment-identifier': declaration }))
      const payment = onlyPayment(c, obs)
      const extension = (payment.payload?.['extensions'] as Record<string, unknown> | undefined)?.['payment-identifier']
      const info = (extension as { info?: Record<string, unknown> } | undefined)?.info
      const id = info?.['id']
      if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{16,128}$/.test(id))
        throw new CaseFailure(
          `the payment carries payment-identifier id ${JSON.stringify(id)}; the server requires an id of 16–128 characters [A-Za-z0-9_-] and answers 400 without one`,
          evidenceOf(c, obs, { extension }),
        )
    },
  }),
]
