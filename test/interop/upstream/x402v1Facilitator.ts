import type { IncomingMessage, ServerResponse } from 'node:http'
import { createPublicClient, createWalletClient, http, publicActions } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { settle, verify } from 'x402/facilitator'
import { PaymentPayloadSchema, PaymentRequirementsSchema } from 'x402/types'
import { listen } from '../listen.js'
import { v1NetworkOf, viemChainOf, type InteropChain } from './chain.js'
import type { Address } from 'viem'

/** express.json()'s default limit, which the x402 1.2 example facilitator inherits. */
const maxBodyBytes = 100 * 1024

/**
 * Starts the legacy x402 1.2.0 facilitator (v1 only): `verify()` and `settle()` from `x402/facilitator`
 * behind a node:http version of the v1 example facilitator's express routes. As in that example, the
 * body's `paymentRequirements` and `paymentPayload` are parsed with the package's zod schemas and any
 * throw (a parse error, a reverted settlement) is answered 400 `{ error }`; `GET /supported` names the
 * one v1 network of the chain. The example builds its clients with `createConnectedClient` /
 * `createSigner`, whose transports point at the public RPC; here they are viem clients on the local chain.
 */
export async function startX402V1Facilitator(
  chain: InteropChain,
  options: { port?: number } = {},
): Promise<{ url: string; address: Address; close(): Promise<void> }> {
  const network = v1NetworkOf(chain)
  const viemChain = viemChainOf(chain)
  const account = privateKeyToAccount(chain.facilitator.privateKey)
  const reader = createPublicClient({ chain: viemChain, transport: http(chain.rpcUrl) })
  const signer = createWalletClient({ account, chain: viemChain, transport: http(chain.rpcUrl) }).extend(publicActions)

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    if (req.method === 'GET' && path === '/supported') {
      return send(res, 200, { kinds: [{ x402Version: 1, scheme: 'exact', network }] })
    }
    // The example documents its two POST routes on GET.
    if (req.method === 'GET' && (path === '/verify' || path === '/settle')) {
      return send(res, 200, { endpoint: path, description: `POST to ${path}` })
    }
    if (req.method !== 'POST' || (path !== '/verify' && path !== '/settle')) return send(res, 404, { error: 'not found' })
    const body = await readJson(req)
    if (body === tooLarge) return send(res, 413, { error: 'request entity too large' })
    if (body === invalid) return send(res, 400, { error: 'invalid JSON' })
    const { paymentPayload, paymentRequirements } = (body ?? {}) as { paymentPayload?: unknown; paymentRequirements?: unknown }
    try {
      const requirements = PaymentRequirementsSchema.parse(paymentRequirements)
      const payload = PaymentPayloadSchema.parse(paymentPayload)
      if (path === '/verify') return send(res, 200, await verify(reader as never, payload, requirements))
      return send(res, 200, await settle(signer as never, payload, requirements))
    } catch (error) {
      // The example: verify answers a bare "Invalid request", settle appends the error.
      const detail = path === '/settle' ? `: ${String(error).slice(0, 200)}` : ''
      return send(res, 400, { error: `Invalid request${detail}` })
    }
  }

  const server = await listen((req, res) => {
    route(req, res).catch(() => (res.headersSent ? res.destroy() : send(res, 500, { error: 'internal error' })))
  }, options.port ?? 0)
  return { url: server.url, address: account.address, close: server.close }
}

const tooLarge = Symbol('too-large')
const invalid = Symbol('invalid')

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
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
