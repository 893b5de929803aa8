// Our resource server verifying and settling through the upstream facilitator.
import { describe, expect, test } from 'vitest'
import { clients, expectHandlerFailureFree } from './flows.js'
import { watchLedger } from './ledger.js'
import { getReceipt, ourFetch } from './ours.js'
import { useInterop } from './setup.js'
import { upstreamFetchV2 } from './upstream.js'

const env = useInterop({ facilitator: 'upstream', servers: 'ours' })

describe.each([2, 1] as const)('our v%i server settles through the upstream facilitator', (version) => {
  test('our client pays', async () => {
    const { address, privateKey } = env.payer(version)
    const ledger = await watchLedger(env.chain, address)
    const response = await ourFetch(privateKey)(env.servers[version].paidUrl)
    expect(response.status).toBe(200)
    expect(getReceipt(response)).toMatchObject({ success: true, payer: address, x402Version: version })
    await ledger.expectPaid(env.servers[version].amount)
  })

  test('@x402/fetch pays', async () => {
    const { address, privateKey } = env.payer(version + 2)
    const ledger = await watchLedger(env.chain, address)
    const client = upstreamFetchV2(privateKey)
    const response = await client.fetch(env.servers[version].paidUrl)
    expect(response.status).toBe(200)
    expect(client.receipt(response)).toMatchObject({ success: true, payer: address })
    await ledger.expectPaid(env.servers[version].amount)
  })

  test('handler failure: no charge', () => expectHandlerFailureFree(env, version + 4, clients.ours, version))
})
