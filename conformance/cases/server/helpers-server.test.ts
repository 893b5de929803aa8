import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { decodePaymentPayloadHeader, HeaderDecodeError } from '../../../src/codecs/index.js'
import { b64, encodingWhere, paddedJson, rawRequest } from './helpers-server.js'
import { misencodings } from './payment-encoding.js'

// A well-formed v2 payment payload (the signature need not verify: only the encoding is under test).
const payload = {
  x402Version: 2,
  resource: { url: 'http://127.0.0.1:4021/paid/data', description: 'paid resource', mimeType: 'application/json' },
  accepted: {
    scheme: 'exact',
    network: 'eip155:84532',
    amount: '10000',
    asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
    payTo: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
    maxTimeoutSeconds: 60,
    extra: { name: 'USDC', version: '2' },
  },
  payload: {
    signature: `0x${'ab'.repeat(65)}`,
    authorization: {
      from: '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
      to: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
      value: '10000',
      validAfter: '1700000000',
      validBefore: '1700000060',
      nonce: `0x${'12'.repeat(32)}`,
    },
  },
}

/** What a lenient server would read: Node's forgiving base64, UTF-8 with replacement, the first JSON value. */
function lenient(value: string): unknown {
  const text = Buffer.from(value.replace(/\s/g, ''), 'base64').toString('utf8')
  for (let end = text.length; end > 0; end--) {
    try {
      return JSON.parse(text.slice(0, end)) as unknown
    } catch {
      // try a shorter prefix: a streaming reader stops after the first value
    }
  }
  return undefined
}

const withoutNote = (v: unknown) => {
  const { note: _note, ...rest } = v as Record<string, unknown>
  return rest
}

describe('misencodings of a payment', () => {
  test('the payload itself is accepted by the strict decoder', () => {
    expect(decodePaymentPayloadHeader(b64(JSON.stringify(payload)), 2)).toMatchObject({ x402Version: 2 })
  })

  test.each(Object.entries(misencodings))('%s is rejected by the strict decoder', (_name, encode) => {
    expect(() => decodePaymentPayloadHeader(encode(payload), 2)).toThrow(HeaderDecodeError)
  })

  test.each(Object.entries(misencodings).filter(([name]) => name !== 'padding-in-middle'))(
    '%s still reads as the payment to a lenient decoder',
    (_name, encode) => {
      expect(withoutNote(lenient(encode(payload)))).toEqual(payload)
    },
  )
})

describe('encoding helpers', () => {
  test('padded JSON is the same value with other bytes', () => {
    expect(JSON.parse(paddedJson(payload, 5))).toEqual(payload)
    expect(paddedJson(payload, 5)).not.toBe(JSON.stringify(payload))
  })

  test('encodingWhere finds a variant with the wanted property, or throws', () => {
    expect(encodingWhere(payload, (b) => b.endsWith('==')).base64.endsWith('==')).toBe(true)
    expect(() => encodingWhere(payload, () => false)).toThrow(/no whitespace variant/)
  })
})

describe('rawRequest', () => {
  let url = ''
  const server = createServer((req, res) => {
    // a 402 whose challenge header echoes a long URL: larger than node's default 16 KiB header limit
    if (req.url === '/large-header') res.writeHead(402, { 'payment-required': 'x'.repeat(40_000) })
    else res.writeHead(200, { 'content-type': 'text/plain', 'x-seen': String(req.headers['x-payment'] ?? '') })
    res.end(req.url)
  })
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  test('sends the request target as written (dot segments, backslash)', async () => {
    for (const target of ['/paid/./data', '/paid/x/../data', '/paid\\data', '/paid/%2e/data']) {
      const res = await rawRequest(url, target)
      expect([res.status, res.text]).toEqual([200, target])
    }
  })

  test('repeats a header given as a list', async () => {
    const res = await rawRequest(url, '/', { headers: { 'X-PAYMENT': ['a', 'b'] } })
    expect(res.headers['x-seen']).toBe('a, b')
  })

  test('reads an answer whose headers exceed 16 KiB (the answer came: not "no answer")', async () => {
    const res = await rawRequest(url, '/large-header')
    expect([res.status, res.error, res.headers['payment-required']?.length]).toEqual([402, undefined, 40_000])
  })

  test('reports a refused connection instead of throwing', async () => {
    const res = await rawRequest('http://127.0.0.1:1', '/')
    expect(res.status).toBe(0)
    expect(res.error).toBeDefined()
  })
})
