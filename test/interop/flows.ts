// Endings that repeat across the interop files: a handler failure is free, a replayed payment is refused.
import { expect } from 'vitest'
import type { Hex } from 'viem'
import { watchLedger } from './ledger.js'
import { getReceipt, ourFetch } from './ours.js'
import { recordingFetch } from './record.js'
import type { InteropEnv } from './setup.js'
import { upstreamFetchV1, upstreamFetchV2, type Fetch } from './upstream/clients.js'
import type { InteropChain } from './upstream/chain.js'

/** A paying client from a payer key (and the fetch it sends with): pays for a URL, decodes the receipt it got. */
export type PayingClient = (
  privateKey: Hex,
  send?: Fetch,
) => { fetch(url: string): Promise<Response>; receipt(response: Response): unknown }

/** Our client, `@x402/fetch` (v2, also pays v1 servers) and legacy `x402-fetch` (v1) as {@link PayingClient}s. */
export const clients = {
  ours: ((privateKey, send) => ({ fetch: ourFetch(privateKey, send), receipt: getReceipt })) satisfies PayingClient,
  upstreamV2: ((privateKey, send) => upstreamFetchV2(privateKey, send ? { fetch: send } : {})) satisfies PayingClient,
  upstreamV1:
    (chain: InteropChain): PayingClient =>
    (privateKey, send) =>
      upstreamFetchV1(chain, privateKey, send ? { fetch: send } : {}),
}

/** The client pays the `version` server: 200, a successful receipt naming the payer, the price charged once. */
export async function expectPaysAndIsCharged(env: InteropEnv, payerIndex: number, client: PayingClient, version: 1 | 2) {
  const { address, privateKey } = env.payer(payerIndex)
  const ledger = await watchLedger(env.chain, address)
  const paying = client(privateKey)
  const response = await paying.fetch(env.servers[version].paidUrl)
  expect(response.status).toBe(200)
  const receipt = paying.receipt(response)
  expect(receipt).toMatchObject({ success: true, payer: address })
  await ledger.expectPaid(env.servers[version].amount)
  return { response, receipt }
}

/** The handler behind `failingUrl` fails: the client sees its status (500) and nothing moves on chain. */
export async function expectHandlerFailureFree(env: InteropEnv, payerIndex: number, client: PayingClient, version: 1 | 2) {
  const { address, privateKey } = env.payer(payerIndex)
  const ledger = await watchLedger(env.chain, address)
  const response = await client(privateKey).fetch(env.servers[version].failingUrl)
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
  expect((await client(privateKey, recorder.fetch).fetch(url)).status).toBe(200)
  const name = version === 2 ? 'payment-signature' : 'x-payment'
  const header = recorder.sent.find((r) => r.headers[name] !== undefined)?.headers[name]
  expect(header, `the client sent ${name}`).toBeDefined()
  const ledger = await watchLedger(env.chain, address)
  const replay = await fetch(url, { headers: { [name]: header! } })
  expect(replay.status).toBe(402)
  await ledger.expectUnchanged()
  return replay
}
