import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { createPublicClient, defineChain, http } from 'viem'
import type { Hex, PublicClient } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { assertLoopbackHost, listenLoopback } from '../loopback/listenLoopback.js'
import { findEvmNetwork } from '../networks/registry.js'
import type { FacilitatorContext } from './context.js'
import { defaultBodyLimit, readJsonBody, sendJson } from './http.js'
import { createJsonLogger, silentLogger } from './logger.js'
import type { Logger } from './logger.js'
import { createTransactionSender } from './nonceManager.js'
import { supportedKinds } from './methods/index.js'
import { createCatalogue } from './discovery.js'
import type { MethodKind } from './methods/index.js'
import { settleOperation, transferMethods, verifyOperation } from './operations.js'
import type { SettleState } from './operations.js'
import { defaultFacilitatorSteps } from './steps.js'
import type { FacilitatorSteps } from './steps.js'

/** Options of {@link createFacilitator} and {@link startFacilitator}. */
export type FacilitatorOptions = {
  /** JSON-RPC URL of the chain the facilitator settles on. */
  rpcUrl: string
  /** The facilitator's key: it pays gas and broadcasts settlements. Never logged. */
  privateKey: Hex
  /** Chain id; read from the RPC when omitted. */
  chainId?: number
  /** Request body limit in bytes (default 64 KiB). */
  bodyLimit?: number
  /**
   * How long `/settle` waits for a receipt (default 10 s, inside a resource server's usual 15 s bound);
   * past it the answer is `settlement_pending` with the transaction hash.
   */
  receiptTimeoutMs?: number
  /** How long one JSON-RPC request may take (default 5 s): a hanging node never holds an answer long. */
  rpcTimeoutMs?: number
  /** `true` for JSON lines on stderr, a function for your own sink; off by default. */
  log?: boolean | Logger
  /** Wall clock in unix seconds (default: the system clock). */
  now?: () => number
  /** Replace individual steps (tests build faulty variants this way). */
  steps?: Partial<FacilitatorSteps>
}

/** A facilitator bound to a chain: its node:http request listener and its context. */
export type Facilitator = {
  readonly handler: RequestListener
  readonly context: FacilitatorContext
  /** `GET /supported` body. */
  supported(): SupportedBody
}

/** The `GET /supported` answer. */
export type SupportedBody = {
  kinds: MethodKind[]
  extensions: string[]
  signers: Record<string, string[]>
}

/**
 * Builds a facilitator (verify, settle, supported, health) on the chain at `rpcUrl`.
 *
 * @example
 * const { handler } = await createFacilitator({ rpcUrl, privateKey })
 * createServer(handler).listen(4020, '127.0.0.1')
 */
export async function createFacilitator(options: FacilitatorOptions): Promise<Facilitator> {
  const transport = http(options.rpcUrl, { retryCount: 0, batch: true, timeout: options.rpcTimeoutMs ?? 5_000 })
  const chainId = options.chainId ?? (await createPublicClient({ transport }).getChainId())
  const chain = defineChain({
    id: chainId,
    name: `eip155:${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [options.rpcUrl] } },
  })
  const client = createPublicClient({ chain, transport, pollingInterval: 50 }) as PublicClient
  const account = privateKeyToAccount(options.privateKey)
  const log =
    options.log === true ? createJsonLogger('facilitator') : typeof options.log === 'function' ? options.log : silentLogger
  const context: FacilitatorContext = {
    client,
    account,
    chainId,
    network: `eip155:${chainId}`,
    networkV1: findEvmNetwork(chainId)?.v1Name ?? undefined,
    sender: createTransactionSender(client, account, chainId),
    log,
    receiptTimeoutMs: options.receiptTimeoutMs ?? 10_000,
    now: options.now ?? (() => Math.floor(Date.now() / 1000)),
  }
  // a replaced `verify` is also what /settle re-runs, unless `verifyBeforeSettle` is replaced too
  const custom = options.steps ?? {}
  const steps: FacilitatorSteps = {
    ...defaultFacilitatorSteps,
    ...(custom.verify ? { verifyBeforeSettle: custom.verify } : {}),
    ...custom,
  }
  const state: SettleState = { gate: steps.createSettleGate(), unconfirmed: new Map() }
  const bodyLimit = options.bodyLimit ?? defaultBodyLimit
  const catalogue = createCatalogue()
  const supported = (): SupportedBody => ({
    kinds: supportedKinds(transferMethods, context),
    extensions: ['eip2612GasSponsoring'],
    signers: { 'eip155:*': [account.address] },
  })

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '') || '/'
    const method = req.method ?? 'GET'
    const post = async (op: (body: unknown) => Promise<{ status: number; body: unknown }>) => {
      if (method !== 'POST') return sendJson(res, 405, { error: `${path} accepts POST only` }, { allow: 'POST' })
      const read = await readJsonBody(req, bodyLimit)
      if (!read.ok) return sendJson(res, read.status, { error: read.error })
      const answer = await op(read.value)
      sendJson(res, answer.status, answer.body)
    }
    const get = (body: unknown) => {
      if (method !== 'GET' && method !== 'HEAD')
        return sendJson(res, 405, { error: `${path} accepts GET only` }, { allow: 'GET, HEAD' })
      sendJson(res, 200, body)
    }
    switch (path) {
      case '/verify':
        return post((body) => verifyOperation(context, steps, body))
      case '/settle':
        return post(async (body) => {
          const answer = await settleOperation(context, steps, state, body)
          catalogue.record(body, answer)
          return answer
        })
      case '/discovery/resources':
        return get(catalogue.list(new URLSearchParams((req.url ?? '').split('?')[1] ?? '')))
      case '/supported':
        return get(supported())
      case '/health':
        return get({ status: 'ok', network: context.network, signer: account.address })
      default:
        return sendJson(res, 404, { error: `no such endpoint: ${method} ${path}` })
    }
  }
  const handler: RequestListener = (req, res) => {
    route(req, res).catch((error: unknown) => {
      log('internal-error', { message: error instanceof Error ? error.message : String(error) })
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' })
      else res.destroy()
    })
  }
  return { handler, context, supported }
}

/** A running facilitator: its base URL (no trailing slash). */
export type RunningFacilitator = { url: string; close(): Promise<void>; facilitator: Facilitator }

/**
 * Starts a facilitator on 127.0.0.1 (a free port unless `port` is given).
 *
 * @example
 * const f = await startFacilitator({ rpcUrl: chain.rpcUrl, privateKey: chain.facilitator.privateKey })
 * await fetch(`${f.url}/supported`)
 */
export async function startFacilitator(
  options: FacilitatorOptions & { port?: number; host?: string },
): Promise<RunningFacilitator> {
  const who = 'the reference facilitator'
  const host = assertLoopbackHost(options.host, who)
  const facilitator = await createFacilitator(options)
  const listening = await listenLoopback(facilitator.handler, { port: options.port, host, who })
  return { ...listening, facilitator }
}
