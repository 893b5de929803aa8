// Our paying client against the upstream resource servers (settling through the upstream facilitator).
import { describe, expect, test } from 'vitest'
import { decodePaymentRequiredHeader } from '@x402/core/http'
import { generatePrivateKey } from 'viem/accounts'
import { categoryOf } from '../../src/errors/reasons.js'
import { clients, expectHandlerFailureFree } from './flows.js'
import { watchLedger } from './ledger.js'
import { getReceipt, ourFetch } from './ours.js'
import { useInterop } from './setup.js'

const env = useInterop({ facilitator: 'upstream', servers: 'upstream' })

describe.each([
  { version: 2, server: '@x402/express (v2)' },
  { version: 1, server: 'x402-express (v1)' },
] as const)('our client pays $server', ({ version }) => {
  test('default', async () => {
    const { address, privateKey } = env.payer(version)
    const ledger = await watchLedger(env.chain, address)
    const response = await ourFetch(privateKey)(env.servers[version].paidUrl)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ paid: true })
    expect(getReceipt(response)).toMatchObject({ success: true, payer: address, x402Version: version })
    await ledger.expectPaid(env.servers[version].amount)
  })

  test('unfunded payer: 402 with an insufficient-funds reason', async () => {
    const response = await ourFetch(generatePrivateKey())(env.servers[version].paidUrl)
    expect(response.status).toBe(402)
    const reason =
      version === 2
        ? (decodePaymentRequiredHeader(response.headers.get('payment-required')!).error ?? '')
        : ((await response.json()) as { error: string }).error
    expect(categoryOf(reason), reason).toBe('insufficient_funds')
  })

  test('handler failure: no charge', () => expectHandlerFailureFree(env, version + 2, clients.ours, version))
})
