import fc from 'fast-check'
import { carriesPaidContent } from '../cases/server/paid-content.js'
import type { TestContext } from '../context/types.js'
import type { Driver, Exercised } from './campaign.js'
import type { Expected } from './chain.js'
import { buildPayment, paymentFamily } from './facilitator.js'
import type { Payers, PaymentFamily } from './facilitator.js'
import { observe } from './observe.js'
import type { Probe } from './observe.js'
import { sendRaw } from './send.js'
import type { RawAnswer, RawRequest } from './send.js'

/** Spellings next to a paid path: suffixes, extensions, parameters, encodings, dot segments, case, length. */
const pathOddities = [
  '',
  'x',
  '.json',
  ';x',
  '%2e',
  '%20',
  '%00',
  '/',
  '//',
  '/.',
  '/..',
  '/./',
  '?a=1',
  '?x402=paid',
  '#f',
  '%2F',
  '/%2e%2e/',
  '\\',
  '~',
  'UPPER',
  'LONG',
] as const
const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND', 'CONNECTX', 'get'] as const

/** How a generated request to a paid route is made. */
export type ServerInput =
  | { kind: 'unpaid'; method: string; oddity: (typeof pathOddities)[number]; length: number }
  | {
      kind: 'raw-header'
      name: string
      value: 'not-base64' | 'base64-text' | 'truncated' | 'huge' | 'empty' | 'url-alphabet'
      size: number
    }
  | { kind: 'payment'; name: string; family: PaymentFamily }

const headerName = (version: 1 | 2) =>
  fc.constantFrom(version === 1 ? 'X-PAYMENT' : 'PAYMENT-SIGNATURE', version === 1 ? 'x-payment' : 'payment-signature')

export function serverInput(version: 1 | 2): fc.Arbitrary<ServerInput> {
  return fc.oneof(
    {
      weight: 30,
      arbitrary: fc.record({
        kind: fc.constant('unpaid' as const),
        method: fc.constantFrom(...methods),
        oddity: fc.constantFrom(...pathOddities),
        length: fc.integer({ min: 1_000, max: 40_000 }),
      }),
    },
    {
      weight: 15,
      arbitrary: fc.record({
        kind: fc.constant('raw-header' as const),
        name: headerName(version),
        value: fc.constantFrom('not-base64', 'base64-text', 'truncated', 'huge', 'empty', 'url-alphabet'),
        size: fc.integer({ min: 1_000, max: 40_000 }),
      }),
    },
    {
      weight: 55,
      arbitrary: fc.record({ kind: fc.constant('payment' as const), name: headerName(version), family: paymentFamily(version) }),
    },
  )
}

function pathFor(base: string, input: Extract<ServerInput, { kind: 'unpaid' }>): string {
  if (input.oddity === 'UPPER') return base.toUpperCase()
  if (input.oddity === 'LONG') return `${base}/${'a'.repeat(input.length)}`
  return `${base}${input.oddity}`
}

/** The server driver: requests to a paid route, with no payment, a malformed one, or a generated payment. */
export function serverDriver(
  t: TestContext,
  payers: Payers,
  answerMs: number,
  reference: string | undefined,
): Driver<ServerInput> {
  const url = new URL(t.resourceUrl)
  const base = url.pathname
  const offer = t.requirements()
  const expected: Expected = {
    token: String(offer['asset']),
    from: payers.funded.address,
    to: String(offer['payTo']),
    value: BigInt(String(offer['amount'] ?? offer['maxAmountRequired'])),
  }
  const alive = async () =>
    (await sendRaw(url.origin, { method: 'GET', path: `${base}${url.search}`, headers: {} }, answerMs)).status > 0
  const probe: Probe = { t, origin: url.origin, answerMs, alive }
  const read = (answer: RawAnswer) => {
    const served = answer.status >= 200 && answer.status < 300 && carriesPaidContent(answer.text, reference)
    return { accepted: false, served, settled: served }
  }
  // Judged by the ledger: whatever the payment, the only movement allowed is the offer's price, once.
  const byLedger = { valid: true, harmful: false, why: 'judged by the ledger (the offer paid once)', expected }
  return {
    arbitrary: serverInput(t.version),
    alive,
    exercise: async (input): Promise<Exercised> => {
      const request: RawRequest = { method: 'GET', path: `${base}${url.search}`, headers: {} }
      let nonce: string | undefined
      if (input.kind === 'unpaid') {
        request.method = input.method
        request.path = pathFor(base, input) + (input.oddity.startsWith('?') ? '' : url.search)
      } else if (input.kind === 'raw-header') {
        // a payment only where the value is made of one, and then the unfunded payer's (never a funded one unsent)
        const payment = async () =>
          Buffer.from((await buildPayment(t, payers, { kind: 'text', damage: { op: 'insert', at: 0, text: '' } }, true)).text)
        const values = {
          'not-base64': async () => '%%% not base64 %%%',
          'base64-text': async () => Buffer.from('not json at all').toString('base64'),
          truncated: async () => {
            const whole = (await payment()).toString('base64')
            return whole.slice(0, Math.floor(whole.length / 2))
          },
          huge: async () => 'A'.repeat(input.size),
          empty: async () => '',
          'url-alphabet': async () => (await payment()).toString('base64url'),
        }
        request.headers[input.name] = await values[input.value]()
      } else {
        const payment = await buildPayment(t, payers, input.family, true)
        request.headers[input.name] = Buffer.from(payment.text).toString('base64')
        nonce = payment.nonce
      }
      return observe(probe, request, byLedger, read, nonce)
    },
  }
}
