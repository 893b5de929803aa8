import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { encodePaymentPayloadHeader, fromRequirementsV1, fromRequirementsV2 } from '../../src/codecs/index.js'
import { createPayment } from '../../src/evm/createPayment.js'
import type { PaymentRequirementsV1 } from '../../src/types/v1.js'
import type { PaymentRequirementsV2 } from '../../src/types/v2.js'
import type { Exchange } from '../context/http.js'
import { redactExchange, redactValue } from './redact.js'

// anvil's well-known second key: a real payer, real signatures.
const account = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const asset = '0x036CbD53842c5426634e7929541eC2318f3dCF7e'
const payTo = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const extra = { name: 'USDC', version: '2' }
const v2: PaymentRequirementsV2 = {
  ...{ scheme: 'exact', network: 'eip155:84532', amount: '10000', asset, payTo, maxTimeoutSeconds: 60, extra },
}
const v1 = {
  ...{ scheme: 'exact', network: 'base-sepolia', maxAmountRequired: '10000', resource: 'https://x.example/paid' },
  ...{ description: '', mimeType: 'application/json', payTo, maxTimeoutSeconds: 60, asset, extra },
} as PaymentRequirementsV1

async function signedPayments() {
  const resource = { url: 'https://x.example/paid', description: '', mimeType: 'application/json' }
  const now = () => 1_800_000_000
  const p2 = await createPayment({ account, requirements: fromRequirementsV2(v2, resource), now })
  const p1 = await createPayment({ account, requirements: fromRequirementsV1(v1), now })
  const signatures = [p1, p2].map((p) => String((p.payload as { signature: string }).signature))
  return { p1, p2, h1: encodePaymentPayloadHeader(p1), h2: encodePaymentPayloadHeader(p2), signatures }
}

/** Every place a signature could hide in `value`: the JSON text and every base64 run in it, decoded. */
function exposures(value: unknown, signatures: readonly string[]): string[] {
  const text = JSON.stringify(value)
  const decoded = [...text.matchAll(/[A-Za-z0-9+/_-]{40,}={0,2}/g)].map((m) => Buffer.from(m[0], 'base64').toString('latin1'))
  const haystacks = [text, ...decoded].map((s) => s.toLowerCase())
  return signatures.filter((s) => haystacks.some((h) => h.includes(s.slice(2, 66).toLowerCase())))
}

function exchange(request: Partial<Exchange['request']>, answer: Partial<Exchange>): Exchange {
  const base = { method: 'GET', url: 'https://x.example/paid', headers: {}, body: undefined, decoded: {} }
  return { request: { ...base, ...request }, status: 402, headers: {}, body: undefined, text: '', decoded: {}, ms: 1, ...answer }
}

describe('redactExchange', () => {
  test('payment headers sent under another name, and echoed back in base64', async () => {
    const { h1, h2, signatures } = await signedPayments()
    const x = exchange(
      { headers: { 'X-Payment-Signature': h2, 'x-payment': h1 }, decoded: { 'x-payment': { note: 'undecodable' } } },
      { status: 400, text: `invalid payment header ${h2}`, headers: { 'x-debug-echo': h1 } },
    )
    expect(exposures(x, signatures)).toHaveLength(2)
    expect(exposures(redactExchange(x), signatures)).toEqual([])
  })

  test('a facilitator body quoting the payment header; the payment itself is kept minus its signature', async () => {
    const { p2, h2, signatures } = await signedPayments()
    const x = exchange(
      { method: 'POST', url: 'https://f.example/verify', body: { paymentPayload: p2, paymentHeader: h2 } },
      { status: 200, body: { isValid: false, invalidMessage: `cannot read ${h2}` } },
    )
    const redacted = redactExchange(x)
    expect(exposures(redacted, signatures)).toEqual([])
    const kept = redacted.request.body as { paymentHeader: string }
    const decoded = JSON.parse(Buffer.from(kept.paymentHeader, 'base64').toString('utf8')) as typeof p2
    expect(decoded.payload['authorization']).toEqual((p2.payload as { authorization: unknown }).authorization)
    expect(decoded.payload['signature']).toMatch(/redacted/)
  })

  test('a payment header cut for display (no longer whole JSON) still loses its signature', async () => {
    const { h1, h2, signatures } = await signedPayments()
    const cut = (h: string) => `${h.slice(0, 600)}… (${h.length} characters)`
    const x = exchange({ headers: { 'x-sent-as': cut(h1) } }, { text: `seen: ${cut(h2)}` })
    expect(exposures(x, signatures)).toHaveLength(2)
    expect(exposures(redactExchange(x), signatures)).toEqual([])
  })

  test('a signature in hex inside free text (a JSON string body, calldata)', async () => {
    const { p1, signatures } = await signedPayments()
    const x = exchange({ method: 'POST', body: JSON.stringify(p1) }, { status: 500, text: `reverted: ${signatures[1]}` })
    expect(exposures(redactExchange(x), signatures)).toEqual([])
  })
})

describe('redactValue', () => {
  test('evidence with payment headers and payloads', async () => {
    const { p1, h1, h2, signatures } = await signedPayments()
    const evidence = { calls: [{ header: h2 }, { body: { paymentPayload: p1 } }], note: `sent ${h1}` }
    expect(exposures(evidence, signatures)).toHaveLength(2)
    expect(exposures(redactValue(evidence), signatures)).toEqual([])
  })

  test('what carries no signature is unchanged', () => {
    const evidence = { tx: `0x${'ab'.repeat(32)}`, header: Buffer.from('{"success":true}').toString('base64'), n: 1 }
    expect(redactValue(evidence)).toEqual(evidence)
  })
})
