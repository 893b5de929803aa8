// Our resource server verifying and settling through the upstream facilitator.
import { describe, expect, test } from 'vitest'
import { clients, expectHandlerFailureFree, expectPaysAndIsCharged } from './flows.js'
import { useInterop } from './setup.js'

const env = useInterop({ facilitator: 'upstream', servers: 'ours' })

describe.each([2, 1] as const)('our v%i server settles through the upstream facilitator', (version) => {
  test('our client pays', async () => {
    const { receipt } = await expectPaysAndIsCharged(env, version, clients.ours, version)
    expect(receipt).toMatchObject({ x402Version: version })
  })

  test('@x402/fetch pays', async () => {
    await expectPaysAndIsCharged(env, version + 2, clients.upstreamV2, version)
  })

  test('handler failure: no charge', () => expectHandlerFailureFree(env, version + 4, clients.ours, version))
})
