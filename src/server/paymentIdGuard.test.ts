import { describe, expect, test } from 'vitest'
import { encodePaymentResponseHeader, headers } from '../codecs/index.js'
import type { PaymentPayloadV2 } from '../types/v2.js'
import type { Middleware } from './createPaywall.js'
import { guardPaymentIds } from './paymentIdGuard.js'
import { createMemoryPaymentIdStore } from './paymentIdentifier.js'
import type { PaidRoute } from './routes.js'

// The guard alone, around a paywall that answers what each test says: which answers it remembers.
const route = { extensions: { paymentIdentifier: { required: true } } } as unknown as PaidRoute
const payment = { x402Version: 2, extensions: { 'payment-identifier': { info: { required: true, id: 'pay_0123456789abcdef' } } } }
const receipt = (success: boolean) =>
  encodePaymentResponseHeader(
    success
      ? { success: true, transaction: `0x${'ab'.repeat(32)}`, network: 'eip155:84532' }
      : { success: false, errorReason: 'settlement_pending', transaction: `0x${'ab'.repeat(32)}`, network: 'eip155:84532' },
    2,
  )

async function twice(answer: () => Response): Promise<{ calls: number; statuses: number[] }> {
  let calls = 0
  const inner: Middleware = async () => (calls++, answer())
  const guarded = guardPaymentIds(inner, {
    routeOf: () => route,
    decodePayment: () => payment as unknown as PaymentPayloadV2,
    store: createMemoryPaymentIdStore(),
  })
  const request = () => new Request('http://127.0.0.1/paid', { headers: { [headers.v2.paymentSignature]: 'x' } })
  const statuses: number[] = []
  for (let i = 0; i < 2; i++) statuses.push((await guarded(request(), async () => new Response('free'))).status)
  return { calls, statuses }
}

describe('guardPaymentIds: what a repeat of the same payment gets', () => {
  test('a charged handler failure (upfront: 500 with a successful receipt) is remembered, not settled again', async () => {
    const charged = () => new Response('failed', { status: 500, headers: { [headers.v2.paymentResponse]: receipt(true) } })
    expect(await twice(charged)).toEqual({ calls: 1, statuses: [500, 500] })
  })
  test('a served payment is remembered', async () => {
    const served = () => new Response('paid', { status: 200, headers: { [headers.v2.paymentResponse]: receipt(true) } })
    expect(await twice(served)).toEqual({ calls: 1, statuses: [200, 200] })
  })
  test('a pending settlement (a receipt without success) is not remembered: the repeat goes to the paywall', async () => {
    const pending = () => new Response('pending', { status: 503, headers: { [headers.v2.paymentResponse]: receipt(false) } })
    expect(await twice(pending)).toEqual({ calls: 2, statuses: [503, 503] })
  })
})
