// Header codecs: our strict decode (size, alphabet, padding, UTF-8, JSON, schema) against the upstream
// @x402/core 2.27 decode followed by its own schema parse; and encoding against upstream encoding.
import { decodePaymentSignatureHeader, encodePaymentSignatureHeader } from '@x402/core/http'
import { parsePaymentPayload } from '@x402/core/schemas'
import { decodePaymentPayloadHeader, encodePaymentPayloadHeader } from '../src/codecs/paymentPayload.js'
import type { PaymentPayloadV2 } from '../src/types/v2.js'
import { result, type Bench, type BenchResult } from './types.js'

const payment: PaymentPayloadV2 = {
  x402Version: 2,
  resource: {
    url: 'https://api.example.com/premium-data',
    description: 'Access to premium market data',
    mimeType: 'application/json',
  },
  accepted: {
    scheme: 'exact',
    network: 'eip155:84532',
    amount: '10000',
    asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
    payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
    maxTimeoutSeconds: 60,
    extra: { name: 'USDC', version: '2' },
  },
  payload: {
    signature: `0x${'2d'.repeat(65)}`,
    authorization: {
      from: '0x857b06519E91e3A54538791bDbb0E22373e36b66',
      to: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
      value: '10000',
      validAfter: '1740672089',
      validBefore: '1740672154',
      nonce: `0x${'f3'.repeat(32)}`,
    },
  },
}

/** Operations per second of `fn` over a fixed number of iterations (after a warm-up). */
function opsPerSecond(fn: () => unknown, iterations = 50_000): number {
  for (let i = 0; i < 5_000; i++) fn()
  const start = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) fn()
  return iterations / (Number(process.hrtime.bigint() - start) / 1e9)
}

const bench: Bench = async () => {
  const header = encodePaymentPayloadHeader(payment)
  const rows: BenchResult[] = []
  const decodeOurs = opsPerSecond(() => decodePaymentPayloadHeader(header, 2))
  const decodeUpstream = opsPerSecond(() => {
    const parsed = parsePaymentPayload(decodePaymentSignatureHeader(header))
    if (!parsed.success) throw new Error('upstream rejected the payment')
  })
  rows.push(
    result({
      name: 'codecs.decode-payment-signature',
      unit: 'ops/s',
      ours: decodeOurs,
      baseline: decodeUpstream,
      baselineName: '@x402/core 2.27 decodePaymentSignatureHeader + parsePaymentPayload',
      higherIsBetter: true,
      notes: 'ours also checks size, canonical padding, fatal UTF-8 and uint256/CAIP-2 formats',
    }),
  )
  const encodeOurs = opsPerSecond(() => encodePaymentPayloadHeader(payment))
  const encodeUpstream = opsPerSecond(() => encodePaymentSignatureHeader(payment as never))
  rows.push(
    result({
      name: 'codecs.encode-payment-signature',
      unit: 'ops/s',
      ours: encodeOurs,
      baseline: encodeUpstream,
      baselineName: '@x402/core 2.27 encodePaymentSignatureHeader',
      higherIsBetter: true,
      notes: 'ours validates the envelope before encoding; upstream does not',
    }),
  )
  return rows
}
export default bench
