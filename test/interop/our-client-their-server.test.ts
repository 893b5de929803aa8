// Our paying client against the upstream resource servers (settling through the upstream facilitator).
import { describe, expect, test } from 'vitest'
import { decodePaymentRequiredHeader } from '@x402/core/http'
import { generatePrivateKey } from 'viem/accounts'
import { categoryOf } from '../../src/errors/reasons.js'
import { clients, expectHandlerFailureFree, expectPaysAndIsCharged } from './flows.js'
import { useInterop } from './setup.js'
import { ourFetch } from './ours.js'

const env = useInterop({ facilitator: 'upstream', servers: 'upstream' })

describe.each([
  { version: 2, server: '@x402/express (v2)' },
  { version: 1, server: 'x402-express (v1)' },
] as const)('our client pays $server', ({ version }) => {
  test('default', async () => {
    const { response, receipt } = await expectPaysAndIsCharged(env, version, clients.ours, version)
    expect(await response.json()).toEqual({ paid: true })
    expect(receipt).toMatchObject({ x402Version: version })
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
