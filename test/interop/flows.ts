// Endings that repeat across the interop files: a handler failure is free, a replayed payment is refused.
import { expect } from 'vitest'
import type { Hex } from 'viem'
import { watchLedger } from './ledger.js'
import { ourFetch } from './ours.js'
import { recordingFetch } from './record.js'
import type { InteropEnv } from './setup.js'
import { upstreamFetchV1, upstreamFetchV2, type Fetch } from './upstream/clients.js'
import type { InteropChain } from './upstream/chain.js'

/** A paying client: from a payer key (and the fetch it sends with), a function that pays for a URL. */
export type PayingClient = (privateKey: Hex, fetch?: Fetch) => (url: string) => Promise<Response>

/** Our client, `@x402/fetch` (v2, also pays v1 servers) and legacy `x402-fetch` (v1) as {@link PayingClient}s. */
export const clients = {
  ours: ((privateKey, fetch) => ourFetch(privateKey, fetch)) satisfies PayingClient,
  upstreamV2: ((privateKey, fetch) => upstreamFetchV2(privateKey, fetch ? { fetch } : {}).fetch) satisfies PayingClient,
  upstreamV1:
    (chain: InteropChain): PayingClient =>
    (privateKey, fetch) =>
      upstreamFetchV1(chain, privateKey, fetch ? { fetch } : {}).fetch,
}

/** The handler behind `failingUrl` fails: the client sees its status (500) and nothing moves on chain. */
export async function expectHandlerFailureFree(env: InteropEnv, payerIndex: number, client: PayingClient, version: 1 | 2) {
  const { address, privateKey } = env.payer(payerIndex)
  const ledger = await watchLedger(env.chain, address)
  const response = await client(privateKey)(env.servers[version].failingUrl)
  expect(response.status).toBe(500)
  await ledger.expectUnchanged()
}

/**
 * The client pays the `version` server once; the same payment header is then sent again by hand. Expects a
 * 402 with nothing moving on chain; returns the replay's response for further checks of its reason.
 */
export async function replayPayment(env: InteropEnv, payerIndex: number, client: PayingClient, version: 1 | 2) {
  const { address, privateKey } = env.payer(payerIndex)
  const recorder = recordingFetch()
  const url = env.servers[version].paidUrl
  expect((await client(privateKey, recorder.fetch)(url)).status).toBe(200)
  const name = version === 2 ? 'payment-signature' : 'x-payment'
  const header = recorder.sent.find((r) => r.headers[name] !== undefined)?.headers[name]
  expect(header, `the client sent ${name}`).toBeDefined()
  const ledger = await watchLedger(env.chain, address)
  const replay = await fetch(url, { headers: { [name]: header! } })
  expect(replay.status).toBe(402)
  await ledger.expectUnchanged()
  return replay
}
