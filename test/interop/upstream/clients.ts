import { x402Client, x402HTTPClient, wrapFetchWithPayment as wrapFetchV2 } from '@x402/fetch'
import { registerExactEvmScheme } from '@x402/evm/exact/client'
import { decodeXPaymentResponse, wrapFetchWithPayment as wrapFetchV1 } from 'x402-fetch'
import { createWalletClient, http, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { viemChainOf, type InteropChain } from './chain.js'

export type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

/** A paying client from upstream, plus a decoder for the settlement receipt header it receives. */
export type UpstreamPayer = {
  fetch: Fetch
  /** Decodes the receipt header of a paid response (PAYMENT-RESPONSE, or X-PAYMENT-RESPONSE for v1). */
  receipt(response: Response): Record<string, unknown>
}

export type UpstreamFetchV2Options = {
  /** Pass `false` to lift upstream's default spend controls (default assets only, $1 per payment). */
  spendControls?: false
  /** The fetch the client wraps (default: the global one); e.g. one that records requests. */
  fetch?: Fetch
}

/**
 * `@x402/fetch` with `@x402/evm`'s exact client scheme (v2 on `eip155:*`, v1 on every EVM name it
 * knows), signing with a plain viem local account as in the upstream example.
 */
export function upstreamFetchV2(privateKey: Hex, options: UpstreamFetchV2Options = {}): UpstreamPayer {
  const client = new x402Client()
  registerExactEvmScheme(client, { signer: privateKeyToAccount(privateKey) })
  if (options.spendControls === false) client.setSpendControls(false)
  const httpClient = new x402HTTPClient(client)
  return {
    fetch: wrapFetchV2(options.fetch ?? fetch, client),
    receipt: (response) =>
      httpClient.getPaymentSettleResponse((name) => response.headers.get(name)) as unknown as Record<string, unknown>,
  }
}

export type UpstreamFetchV1Options = {
  /** Largest atomic amount the client agrees to pay (x402-fetch's default is 0.10 USDC). */
  maxValue?: bigint
  /** The fetch the client wraps (default: the global one). */
  fetch?: Fetch
}

/**
 * Legacy `x402-fetch` (v1, X-PAYMENT): it needs a viem wallet client whose `chain.id` maps to a v1
 * network name, so the wallet client gets the local chain definition.
 */
export function upstreamFetchV1(chain: InteropChain, privateKey: Hex, options: UpstreamFetchV1Options = {}): UpstreamPayer {
  const walletClient = createWalletClient({
    account: privateKeyToAccount(privateKey),
    chain: viemChainOf(chain),
    transport: http(chain.rpcUrl),
  })
  const paying = wrapFetchV1((options.fetch ?? fetch) as typeof fetch, walletClient as never, options.maxValue)
  return {
    fetch: (input, init) => paying(input as RequestInfo, init),
    receipt: (response) => {
      const header = response.headers.get('X-PAYMENT-RESPONSE')
      if (header === null) throw new Error('no X-PAYMENT-RESPONSE header')
      return decodeXPaymentResponse(header) as Record<string, unknown>
    },
  }
}
