// Starts an upstream @x402/express 2.27 resource server with routes of both payment flows, from the X402_*
// environment the harness hands to `--exec` commands, on PORT, settling through X402_FACILITATOR_URL:
//   tsx test/interop/serve-upstream-flows.ts
// GET /paid and /paid-fails: `authorization` (the default); GET /paid-upfront and /paid-upfront-fails:
// `upfront` (the offer's extra.paymentFlow). The -fails routes' handlers answer 500. Each costs 1000 units.
import express, { type RequestHandler } from 'express'
import { HTTPFacilitatorClient } from '@x402/core/server'
import { ExactEvmScheme } from '@x402/evm/exact/server'
import { paymentMiddleware, x402ResourceServer } from '@x402/express'
import { listen } from './listen.js'
import { announceUntilSignal, exitOnStartFailure } from './upstream/announce.js'

async function main(): Promise<void> {
  const env = (name: string) =>
    process.env[name] ||
    (() => {
      throw new Error(`${name} is not set`)
    })()
  const network = env('X402_NETWORK') as `eip155:${number}`
  const server = new x402ResourceServer(new HTTPFacilitatorClient({ url: env('X402_FACILITATOR_URL') })).register(
    network,
    new ExactEvmScheme(),
  )
  const route = (paymentFlow?: 'upfront') => ({
    accepts: {
      scheme: 'exact',
      network,
      payTo: env('X402_PAY_TO'),
      maxTimeoutSeconds: 60,
      price: {
        amount: '1000',
        asset: env('X402_ASSET'),
        extra: { name: env('X402_ASSET_NAME'), version: env('X402_ASSET_VERSION'), ...(paymentFlow ? { paymentFlow } : {}) },
      },
    },
    description: `interop ${paymentFlow ?? 'authorization'} route`,
    mimeType: 'application/json',
  })
  const routes = {
    'GET /paid': route(),
    'GET /paid-fails': route(),
    'GET /paid-upfront': route('upfront'),
    'GET /paid-upfront-fails': route('upfront'),
  }
  const app = express()
  app.use(paymentMiddleware(routes, server) as RequestHandler)
  for (const path of ['/paid', '/paid-upfront']) app.get(path, (_req, res) => res.json({ paid: true }))
  for (const path of ['/paid-fails', '/paid-upfront-fails'])
    app.get(path, (_req, res) => res.status(500).json({ error: 'handler failed' }))
  const started = await listen(app, Number(process.env.PORT ?? 0))
  announceUntilSignal('server-flows', started)
}

main().catch(exitOnStartFailure)
