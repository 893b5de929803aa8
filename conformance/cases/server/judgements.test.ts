import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isAddress } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CaseFailure, CaseSkip } from '../../context/failure.js'
import type { Paid, TestContext, Wire } from '../../context/types.js'
import { checkOfferDomain } from './challenge-offers.js'
import { offerOnNetwork, sameOffer } from './failing-route.js'
import { expectRefusedUncharged, expectSettledIfServed } from './hostile.js'
import type { HostileRow } from './hostile.js'
import { ledgerView } from './outcomes.js'
import { carriesPaidContent, expectNoPaidBody } from './paid-content.js'
import { cases as pathCases } from './paths.js'
import { expectSignedPaymentJudgedByLedger } from './robustness.js'

// The judgements of the server cases that once blamed correct servers, each against the behaviour it
// wrongly failed (or let pass), with a stand-in for the harness context.

const usdc = { address: '0x036CbD53842c5426634e7929541eC2318f3dCF7e', name: 'USDC', version: '2', decimals: 6 } as const

/** A stand-in context: checks throw CaseFailure, info is recorded; `paidBody` is what a paid GET returns. */
function standIn(options: { kind?: 'server' | 'embedded'; paidBody?: string } = {}) {
  const info: string[] = []
  let paidRequests = 0
  const t = {
    version: 2,
    target: { kind: options.kind ?? 'server' },
    chain: { network: 'eip155:84532', networkV1: 'base-sepolia', asset: usdc },
    check: (condition: unknown, message: string) => {
      if (!condition) throw new CaseFailure(message)
    },
    fail: (message: string) => {
      throw new CaseFailure(message)
    },
    info: (message: string) => info.push(message),
    skip: (reason: string) => {
      throw new CaseSkip(reason)
    },
    pay: async () => ({}) as Paid,
    fetchPaid: async () => {
      paidRequests++
      return { status: 200, text: options.paidBody ?? '', headers: {}, body: undefined, decoded: {} }
    },
  } as unknown as TestContext
  return { t, info, paidRequests: () => paidRequests }
}

describe('no paid content means no paid body', () => {
  test("Express's own OPTIONS answer (GET,HEAD) is not the paid body", async () => {
    const { t, paidRequests } = standIn({ paidBody: '{"paid":true,"report":"the paid data"}' })
    await expectNoPaidBody(t, 'GET,HEAD', 'OPTIONS /paid')
    expect(paidRequests()).toBe(1)
  })

  test('an answer carrying what the paid GET returned is paid content', async () => {
    const { t } = standIn({ paidBody: '{"paid":true,"report":"the paid data"}' })
    await expect(expectNoPaidBody(t, 'preflight {"paid":true,"report":"the paid data"}', 'OPTIONS /paid')).rejects.toThrow(
      /what a paid GET returned/,
    )
  })

  test('an empty body is never paid content and costs no payment', async () => {
    const { t, paidRequests } = standIn({ paidBody: '{"paid":true,"report":"x"}' })
    await expectNoPaidBody(t, '', 'OPTIONS /paid')
    expect(paidRequests()).toBe(0)
  })

  test('the embedded marker is paid content; short paid bodies are not compared', () => {
    expect(carriesPaidContent('{"content":"x402-conformance-paid-content /paid/data"}', undefined)).toBe(true)
    expect(carriesPaidContent('{}', '{}')).toBe(false)
  })
})

describe('domain-extra', () => {
  const offer = (o: Wire) => ({
    scheme: 'exact',
    network: 'eip155:84532',
    amount: '1000',
    payTo: usdc.address,
    maxTimeoutSeconds: 60,
    ...o,
  })

  test('an offer without extra in the network default asset passes, noted', () => {
    const { t, info } = standIn()
    checkOfferDomain(t, offer({ asset: usdc.address.toLowerCase() }))
    expect(info).toHaveLength(1)
  })

  test('an offer without extra in an asset that is not the network default fails (the client cannot know the domain)', () => {
    const { t } = standIn()
    expect(() => checkOfferDomain(t, offer({ asset: '0x000000000000000000000000000000000000bEEF' }))).toThrow(
      /not the default asset/,
    )
  })

  test('extra naming another domain fails', () => {
    const { t } = standIn()
    expect(() => checkOfferDomain(t, offer({ asset: usdc.address, extra: { name: 'USD Coin', version: '2' } }))).toThrow(
      /extra names/,
    )
  })
})

describe('address-case', () => {
  test('upper-cased addresses reach the ledger checksummed (viem refuses them as written)', () => {
    const upper = `0x${usdc.address.slice(2).toUpperCase()}`
    expect(isAddress(upper)).toBe(false)
    const paid = { requirements: { asset: upper, payTo: upper, amount: '1' } } as unknown as Paid
    expect(ledgerView(paid).requirements).toEqual({ asset: usdc.address, payTo: usdc.address, amount: '1' })
  })
})

describe('failing route offers', () => {
  let url = ''
  const challenge = {
    x402Version: 2,
    resource: { url: '/fails' },
    accepts: [{ scheme: 'exact', network: 'eip155:84532', amount: '2000', asset: usdc.address, payTo: usdc.address }],
  }
  const server = createServer((_req, res) => {
    res.writeHead(402, { 'payment-required': Buffer.from(JSON.stringify(challenge)).toString('base64') })
    res.end('{}')
  })
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  test("the route's own offer is the one paid, and it differs from the paid URL's", async () => {
    const res = await fetch(url)
    const decoded = JSON.parse(Buffer.from(res.headers.get('payment-required')!, 'base64').toString()) as Wire
    const exchange = { status: res.status, headers: {}, body: undefined, text: '', decoded: { 'payment-required': decoded } }
    const offer = offerOnNetwork(2, 'eip155:84532', exchange as never)
    expect(offer?.['amount']).toBe('2000')
    expect(sameOffer(offer!, { ...offer!, amount: '1000' })).toBe(false)
    expect(sameOffer(offer!, { ...offer!, payTo: usdc.address.toLowerCase() })).toBe(true)
  })
})

describe('hostile facilitator: judged by the ledger', () => {
  const row: HostileRow = {
    id: 'server.hostile.verify-down',
    mode: { verify: 'down' },
    harm: 'access',
    payment: 'correct',
    when: 'drops the verify connection',
    outcome: 'nothing is served',
  }
  const tx = `0x${'ab'.repeat(32)}`
  const receipt = Buffer.from(JSON.stringify({ success: true, transaction: tx, network: 'eip155:84532' })).toString('base64')
  /** A stand-in ledger: `transfers` moved from the payer; expectPaid/expectUntouched agree with it. */
  const withLedger = (transfers: number) => {
    const s = standIn()
    const ledger = {
      transfersFrom: async () => Array.from({ length: transfers }, () => ({ txHash: tx })),
      expectPaid: async (_b: unknown, hash?: string) => {
        if (transfers !== 1 || hash !== tx) throw new CaseFailure('not paid once in the named transaction')
      },
      expectUntouched: async () => {
        if (transfers > 0) throw new CaseFailure("the payer's balance moved")
      },
    }
    Object.assign(s.t, { ledger })
    return s
  }
  const answer = (status: number, headers: Record<string, string> = {}) =>
    ({
      status,
      headers,
      body: {},
      text: '{}',
      decoded: headers['payment-response']
        ? { 'payment-response': JSON.parse(Buffer.from(headers['payment-response'], 'base64').toString()) }
        : {},
    }) as never

  test('served after settling directly (the ledger shows it, the receipt names it): not an access harm', async () => {
    const { t, info } = withLedger(1)
    await expectSettledIfServed(t, row, answer(200, { 'payment-response': receipt }), {} as never)
    expect(info.join()).toMatch(/ledger confirms/)
  })

  test('served with nothing charged: access', async () => {
    const { t } = withLedger(0)
    await expect(expectSettledIfServed(t, row, answer(200, { 'payment-response': receipt }), {} as never)).rejects.toThrow(
      /not charged/,
    )
  })

  test('a 402 with nothing charged passes, noted', async () => {
    const { t, info } = withLedger(0)
    await expectRefusedUncharged(t, answer(402), {} as never)
    expect(info.join()).toMatch(/502 or 503/)
  })

  test('a 402 after a charge fails (it invites the client to pay twice)', async () => {
    const { t } = withLedger(1)
    await expect(expectRefusedUncharged(t, answer(402), {} as never)).rejects.toThrow(/moved/)
  })
})

describe('server.robustness.deep-nesting: a signed payment with a nested extra member', () => {
  const receipt = Buffer.from(JSON.stringify({ success: true, transaction: `0x${'ab'.repeat(32)}` })).toString('base64')
  const served = { status: 200, text: 'paid', headers: { 'payment-response': receipt } }
  const withLedger = (paidOnce: boolean) => {
    const { t, info } = standIn()
    const expectPaid = async (_before: unknown, tx: string | undefined) => {
      if (!paidOnce || tx === undefined) throw new CaseFailure('the ledger shows no single payment')
    }
    Object.assign(t, { ledger: { expectPaid, expectUntouched: async () => undefined } })
    return { t, info }
  }
  test('served and paid once is the lenient outcome (noted, not failed)', async () => {
    const { t, info } = withLedger(true)
    await expectSignedPaymentJudgedByLedger(t, 'nested', served, {} as never)
    expect(info.join()).toMatch(/ledger shows it paid once/)
  })
  test('served without the ledger showing the payment fails', async () => {
    const { t } = withLedger(false)
    await expect(expectSignedPaymentJudgedByLedger(t, 'nested', served, {} as never)).rejects.toThrow(/no single payment/)
  })
  test('a 5xx fails', async () => {
    const { t } = withLedger(true)
    await expect(expectSignedPaymentJudgedByLedger(t, 'nested', { ...served, status: 500 }, {} as never)).rejects.toThrow(/500/)
  })
})

describe('HEAD on a paid resource (express answers 200 with no body)', () => {
  const byId = (id: string) => pathCases.find((c) => c.id === id) ?? expect.fail(`no case ${id}`)
  const headAnswering = (text: string) => {
    const paidBody = '{"paid":true,"report":"the paid data"}'
    const { t } = standIn({ paidBody })
    const fetchPaid = async (_paid: unknown, init?: { method?: string }) =>
      init?.method === 'HEAD' ? { status: 200, text, headers: {}, decoded: {} } : { status: 200, text: paidBody, headers: {} }
    const ledger = { snapshot: async () => ({}), expectUntouched: async () => undefined }
    Object.assign(t, { fetchPaid, ledger, payer: async () => ({}), pay: async () => ({ requirements: {}, payload: {} }) })
    return t
  }
  test('a 200 without a body is hygiene: SHOULD cases fail it, the MUST consequence case passes it', async () => {
    for (const id of ['server.paths.head-not-free', 'server.paths.head-forged-payment'])
      expect([byId(id).level, byId(id).harm]).toEqual(['SHOULD', 'hygiene'])
    await expect(byId('server.paths.head-not-free').run(headAnswering(''))).rejects.toThrow(/answered 200/)
    await byId('server.paths.head-no-consequence').run(headAnswering(''))
  })
  test('a HEAD answer carrying the paid body fails the MUST', async () => {
    const t = headAnswering('{"paid":true,"report":"the paid data"}')
    await expect(byId('server.paths.head-no-consequence').run(t)).rejects.toThrow(/what a paid GET returned/)
  })
})
