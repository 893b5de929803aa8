import type { IncomingMessage, ServerResponse } from 'node:http'
import { x402Facilitator } from '@x402/core/facilitator'
import type { PaymentPayload, PaymentRequirements } from '@x402/core/types'
import { toFacilitatorEvmSigner } from '@x402/evm'
import { registerExactEvmScheme } from '@x402/evm/exact/facilitator'
import { createWalletClient, http, publicActions, type Address } from 'viem'
import { privateKeyToAccount, nonceManager as viemNonceManager } from 'viem/accounts'
import { listen } from '../listen.js'
import { viemChainOf, type InteropChain } from './chain.js'

export type StartUpstreamFacilitatorOptions = {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number
  /**
   * Give the viem account viem's own nonce manager. Off by default: the upstream example facilitator
   * uses a plain account, so concurrent settles fetch the same pending nonce.
   */
  nonceManager?: boolean
  /** Re-simulate the transfer inside settle (upstream option `simulateInSettle`, default false). */
  simulateInSettle?: boolean
}

export type UpstreamFacilitator = {
  url: string
  /** The facilitator's gas-paying address (the chain's facilitator key). */
  address: Address
  facilitator: x402Facilitator
  /** The signer the exact scheme was registered with, for another scheme of the same facilitator. */
  signer: ReturnType<typeof toFacilitatorEvmSigner>
  close(): Promise<void>
}

/** express.json()'s default limit, which the upstream example facilitator inherits. */
const maxBodyBytes = 100 * 1024

/**
 * Starts the upstream facilitator (`@x402/core` x402Facilitator + `@x402/evm` exact scheme, v2 on the
 * chain's CAIP-2 id and v1 on every EVM name the SDK knows) behind a node:http port of the upstream
 * example server: `POST /verify`, `POST /settle`, `GET /supported`.
 */
export async function startUpstreamFacilitator(
  chain: InteropChain,
  options: StartUpstreamFacilitatorOptions = {},
): Promise<UpstreamFacilitator> {
  const account = privateKeyToAccount(
    chain.facilitator.privateKey,
    options.nonceManager === true ? { nonceManager: viemNonceManager } : {},
  )
  const client = createWalletClient({ account, chain: viemChainOf(chain), transport: http(chain.rpcUrl) }).extend(publicActions)
  // The same adapter as the upstream example: viem's wallet+public client exposed as their signer.
  const signer = toFacilitatorEvmSigner({
    address: account.address,
    getCode: (args) => client.getCode(args),
    readContract: (args) => client.readContract({ ...args, args: args.args ?? [] } as never),
    verifyTypedData: (args) => client.verifyTypedData(args as never),
    writeContract: (args) => client.writeContract({ ...args, args: args.args ?? [] } as never),
    sendTransaction: (args) => client.sendTransaction(args),
    waitForTransactionReceipt: (args) => client.waitForTransactionReceipt(args),
  })
  const facilitator = new x402Facilitator()
  registerExactEvmScheme(facilitator, {
    signer,
    networks: chain.network,
    ...(options.simulateInSettle === undefined ? {} : { simulateInSettle: options.simulateInSettle }),
  })
  const server = await listen((req, res) => {
    route(facilitator, req, res).catch(() => (res.headersSent ? res.destroy() : send(res, 500, { error: 'internal error' })))
  }, options.port ?? 0)
  return { url: server.url, address: account.address, facilitator, signer, close: server.close }
}

type Body = { paymentPayload?: PaymentPayload; paymentRequirements?: PaymentRequirements }

async function route(facilitator: x402Facilitator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
  if (req.method === 'GET' && path === '/supported') return send(res, 200, facilitator.getSupported())
  if (req.method !== 'POST' || (path !== '/verify' && path !== '/settle')) return send(res, 404, { error: 'not found' })
  const body = await readJson(req)
  if (body === tooLarge) return send(res, 413, { error: 'request entity too large' })
  if (body === invalid) return send(res, 400, { error: 'invalid JSON' })
  const { paymentPayload, paymentRequirements } = (body ?? {}) as Body
  if (!paymentPayload || !paymentRequirements) {
    return send(res, 400, { error: 'Missing paymentPayload or paymentRequirements' })
  }
  try {
    if (path === '/verify') return send(res, 200, await facilitator.verify(paymentPayload, paymentRequirements))
    return send(res, 200, await facilitator.settle(paymentPayload, paymentRequirements))
  } catch (error) {
    const message = error instanceof Error ? error.message : 'Unknown error'
    // As upstream: a settle aborted by a hook is a failed settlement, anything else a 500.
    if (path === '/settle' && message.includes('Settlement aborted:')) {
      const network = (paymentPayload as { network?: string }).network ?? 'unknown'
      return send(res, 200, { success: false, errorReason: message.replace('Settlement aborted: ', ''), network })
    }
    return send(res, 500, { error: message })
  }
}

const tooLarge = Symbol('too-large')
const invalid = Symbol('invalid')

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  // Drain the whole body (so the 413 reaches the client) but keep at most the limit.
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size <= maxBodyBytes) chunks.push(chunk as Buffer)
  }
  if (size > maxBodyBytes) return tooLarge
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
  } catch {
    return invalid
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
  res.end(JSON.stringify(body))
}
