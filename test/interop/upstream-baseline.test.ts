// The upstream SDKs among themselves on the local chain: the baseline every other interop flow is
// compared with, and a check that the chain environment works for unmodified upstream code.
import { describe, expect, test } from 'vitest'
import { decodePaymentRequiredHeader } from '@x402/core/http'
import { generatePrivateKey } from 'viem/accounts'
import { clients, expectHandlerFailureFree, expectPaysAndIsCharged, replayPayment } from './flows.js'
import { useInterop } from './setup.js'
import { watchLedger } from './ledger.js'
import { recordingFetch } from './record.js'
import { upstreamFetchV1, upstreamFetchV2 } from './upstream.js'

const env = useInterop({ facilitator: 'upstream', servers: 'upstream' })

describe('v2: @x402/fetch pays @x402/express through the upstream facilitator', () => {
  test('default', async () => {
    const { response, receipt } = await expectPaysAndIsCharged(env, 0, clients.upstreamV2, 2)
    expect(await response.json()).toEqual({ paid: true })
    expect(receipt).toMatchObject({ network: env.chain.network })
  })

  test('replayed PAYMENT-SIGNATURE: 402, nonce already used (Multicall3 diagnosis on the local chain)', async () => {
    const replay = await replayPayment(env, 4, clients.upstreamV2, 2)
    expect(decodePaymentRequiredHeader(replay.headers.get('payment-required')!).error).toBe(
      'invalid_exact_evm_nonce_already_used',
    )
  })

  test('unfunded payer: 402, insufficient balance', async () => {
    const response = await upstreamFetchV2(generatePrivateKey()).fetch(env.servers[2].paidUrl)
    expect(response.status).toBe(402)
    expect(decodePaymentRequiredHeader(response.headers.get('payment-required')!).error).toBe(
      'invalid_exact_evm_insufficient_balance',
    )
  })

  test('handler failure: no charge', () => expectHandlerFailureFree(env, 1, clients.upstreamV2, 2))
})

describe('v1: x402-fetch pays x402-express through the upstream facilitator', () => {
  test('default', async () => {
    const { response, receipt } = await expectPaysAndIsCharged(env, 2, clients.upstreamV1(env.chain), 1)
    expect(await response.json()).toEqual({ paid: true })
    expect(receipt).toMatchObject({ network: env.chain.networkV1 })
  })

  test('replayed X-PAYMENT: 402, nonce already used', async () => {
    const { address, privateKey } = env.payer(5)
    const recorder = recordingFetch()
    const first = await upstreamFetchV1(env.chain, privateKey, { fetch: recorder.fetch }).fetch(env.servers[1].paidUrl)
    expect(first.status).toBe(200)
    const paid = recorder.sent.find((r) => r.headers['x-payment'] !== undefined)
    const header = paid?.headers['x-payment']
    expect(header).toBeDefined()
    // x402-fetch sends a response header (CORS expose) on its request.
    expect(paid?.headers['access-control-expose-headers']).toBe('X-PAYMENT-RESPONSE')
    const ledger = await watchLedger(env.chain, address)
    const replay = await fetch(env.servers[1].paidUrl, { headers: { 'X-PAYMENT': header! } })
    expect(replay.status).toBe(402)
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_exact_evm_nonce_already_used')
    await ledger.expectUnchanged()
  })

  test('@x402/fetch pays the v1 server too', async () => {
    await expectPaysAndIsCharged(env, 3, clients.upstreamV2, 1)
  })
})

// Observed upstream wire behaviour that differs from the upstream transport texts or from our spec;
// each is listed with its evidence in docs/interop.md. A change upstream makes one of these fail.
describe('upstream wire behaviour', () => {
  test('v2 challenge: PAYMENT-REQUIRED header, Cache-Control no-store, body {}, no Access-Control-Expose-Headers', async () => {
    const response = await fetch(env.servers[2].paidUrl)
    expect(response.status).toBe(402)
    expect(response.headers.get('payment-required')).toMatch(/^[A-Za-z0-9+/]+=*$/)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('access-control-expose-headers')).toBeNull()
    expect(await response.json()).toEqual({})
  })

  test('v1 challenge: JSON body, no Cache-Control, no Access-Control-Expose-Headers', async () => {
    const response = await fetch(env.servers[1].paidUrl)
    expect(response.status).toBe(402)
    expect(response.headers.get('cache-control')).toBeNull()
    expect(response.headers.get('access-control-expose-headers')).toBeNull()
    const body = (await response.json()) as { x402Version: number; error: string; accepts: unknown[] }
    expect(body).toMatchObject({ x402Version: 1, error: 'X-PAYMENT header is required' })
    expect(body.accepts).toHaveLength(1)
  })

  test('v2 malformed PAYMENT-SIGNATURE: a fresh 402 challenge, not 400', async () => {
    const response = await fetch(env.servers[2].paidUrl, { headers: { 'PAYMENT-SIGNATURE': 'not base64 json!' } })
    expect(response.status).toBe(402)
    expect(response.headers.get('payment-required')).not.toBeNull()
  })

  test('v1 malformed X-PAYMENT: 402 with the decoder error, not 400', async () => {
    const response = await fetch(env.servers[1].paidUrl, { headers: { 'X-PAYMENT': 'not base64 json!' } })
    expect(response.status).toBe(402)
    expect(((await response.json()) as { error: string }).error).toBeTypeOf('string')
  })

  test('/supported advertises v1 for every EVM name the SDK knows, not only the configured chain', async () => {
    const supported = (await (await fetch(`${env.facilitator.url}/supported`)).json()) as {
      kinds: { x402Version: number; network: string }[]
    }
    const v2 = supported.kinds.filter((k) => k.x402Version === 2).map((k) => k.network)
    const v1 = supported.kinds.filter((k) => k.x402Version === 1).map((k) => k.network)
    expect(v2).toEqual([env.chain.network])
    expect(v1).toContain('base-sepolia')
    expect(v1.length).toBeGreaterThan(1)
  })

  test('facilitator: an unknown scheme throws inside x402Facilitator and the example server answers 500', async () => {
    const response = await fetch(`${env.facilitator.url}/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        x402Version: 2,
        paymentPayload: { x402Version: 2, accepted: { scheme: 'nope', network: env.chain.network }, payload: {} },
        paymentRequirements: { scheme: 'nope', network: env.chain.network },
      }),
    })
    expect(response.status).toBe(500)
  })
})
