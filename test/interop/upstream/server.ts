import express, { type RequestHandler } from 'express'
import { HTTPFacilitatorClient } from '@x402/core/server'
import { ExactEvmScheme } from '@x402/evm/exact/server'
import { paymentMiddleware as paymentMiddlewareV2, x402ResourceServer } from '@x402/express'
import { paymentMiddleware as paymentMiddlewareV1 } from 'x402-express'
import type { Address } from 'viem'
import { listen } from '../listen.js'
import { v1NetworkOf, type InteropChain } from './chain.js'

export type StartUpstreamServerOptions = {
  facilitatorUrl: string
  /** 2: `@x402/express` (PAYMENT-REQUIRED / PAYMENT-SIGNATURE); 1: legacy `x402-express` (X-PAYMENT). */
  version: 1 | 2
  /** Atomic amount of the chain's default asset (default 1000 = 0.001 USDC). */
  amount?: bigint
  payTo?: Address
  maxTimeoutSeconds?: number
  port?: number
}

export type UpstreamServer = {
  url: string
  /** A paid route whose handler answers 200 `{ paid: true }`. */
  paidUrl: string
  /** A paid route whose handler fails with 500 (a payment for it must not be settled). */
  failingUrl: string
  amount: bigint
  payTo: Address
  close(): Promise<void>
}

/** Starts an upstream resource server (express 5 + the upstream middleware) on 127.0.0.1. */
export async function startUpstreamServer(chain: InteropChain, options: StartUpstreamServerOptions): Promise<UpstreamServer> {
  const amount = options.amount ?? 1000n
  const payTo = options.payTo ?? chain.payTo
  const maxTimeoutSeconds = options.maxTimeoutSeconds ?? 60
  const app = express()
  app.use(
    options.version === 2
      ? middlewareV2(chain, options.facilitatorUrl, amount, payTo, maxTimeoutSeconds)
      : middlewareV1(chain, options.facilitatorUrl, amount, payTo, maxTimeoutSeconds),
  )
  app.get('/paid', (_req, res) => res.json({ paid: true }))
  app.get('/paid-fails', (_req, res) => res.status(500).json({ error: 'handler failed' }))
  const server = await listen(app, options.port ?? 0)
  return {
    url: server.url,
    paidUrl: `${server.url}/paid`,
    failingUrl: `${server.url}/paid-fails`,
    amount,
    payTo,
    close: server.close,
  }
}

function middlewareV2(
  chain: InteropChain,
  facilitatorUrl: string,
  amount: bigint,
  payTo: Address,
  maxTimeoutSeconds: number,
): RequestHandler {
  const resourceServer = new x402ResourceServer(new HTTPFacilitatorClient({ url: facilitatorUrl })).register(
    chain.network,
    new ExactEvmScheme(),
  )
  const accepts = {
    scheme: 'exact',
    network: chain.network,
    payTo,
    maxTimeoutSeconds,
    price: {
      amount: amount.toString(),
      asset: chain.asset.address,
      extra: { name: chain.asset.name, version: chain.asset.version },
    },
  }
  const route = { accepts, description: 'interop paid route', mimeType: 'application/json' }
  return paymentMiddlewareV2({ 'GET /paid': route, 'GET /paid-fails': route }, resourceServer) as RequestHandler
}

function middlewareV1(
  chain: InteropChain,
  facilitatorUrl: string,
  amount: bigint,
  payTo: Address,
  maxTimeoutSeconds: number,
): RequestHandler {
  const route = {
    network: v1NetworkOf(chain) as 'base-sepolia',
    price: {
      amount: amount.toString(),
      asset: {
        address: chain.asset.address,
        decimals: chain.asset.decimals,
        eip712: { name: chain.asset.name, version: chain.asset.version },
      },
    },
    config: { description: 'interop paid route', mimeType: 'application/json', maxTimeoutSeconds },
  }
  const url = facilitatorUrl as `${string}://${string}`
  return paymentMiddlewareV1(payTo, { 'GET /paid': route, 'GET /paid-fails': route }, { url }) as RequestHandler
}
