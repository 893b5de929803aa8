// Starts an upstream resource server (@x402/express 2.27) with Permit2 routes from the X402_* environment the
// harness hands to `--exec` commands, on PORT:
//   tsx test/interop/serve-upstream-upto-server.ts
// GET /paid/permit2: exact through Permit2 (extra.assetTransferMethod "permit2"); GET /paid/upto: upto (UptoEvmScheme),
// whose handler charges ?charge= atomic units (else half the maximum) with upstream's setSettlementOverrides. Both
// are priced at 10000 of X402_ASSET and settle through X402_FACILITATOR_URL, which must list upto in /supported.
import express from 'express'
import type { RequestHandler } from 'express'
import { HTTPFacilitatorClient } from '@x402/core/server'
import { ExactEvmScheme } from '@x402/evm/exact/server'
import { UptoEvmScheme } from '@x402/evm/upto/server'
import { paymentMiddleware, setSettlementOverrides, x402ResourceServer } from '@x402/express'
import type { Address } from 'viem'
import { listen } from './listen.js'
import { announceUntilSignal, exitOnStartFailure } from './upstream/announce.js'

const env = (name: string) => process.env[name] || (process.stderr.write(`${name} is not set\n`), process.exit(3))

async function main(): Promise<void> {
  const network = env('X402_NETWORK') as `eip155:${number}`
  const asset = { address: env('X402_ASSET'), name: env('X402_ASSET_NAME'), version: env('X402_ASSET_VERSION') }
  const payTo = env('X402_PAY_TO') as Address
  const facilitatorUrl = env('X402_FACILITATOR_URL')
  const maximum = 10_000n
  const resourceServer = new x402ResourceServer(new HTTPFacilitatorClient({ url: facilitatorUrl }))
    .register(network, new ExactEvmScheme())
    .register(network, new UptoEvmScheme())
  const price = (extra: Record<string, string>) => ({ amount: maximum.toString(), asset: asset.address, extra })
  const route = (scheme: string, extra: Record<string, string>) => ({
    accepts: { scheme, network: network, payTo: payTo, maxTimeoutSeconds: 60, price: price(extra) },
    description: `interop ${scheme} route`,
    mimeType: 'application/json',
  })
  const routes = {
    'GET /paid/permit2': route('exact', { assetTransferMethod: 'permit2' }),
    'GET /paid/upto': route('upto', { name: asset.name, version: asset.version }),
  }
  const app = express()
  app.use(paymentMiddleware(routes, resourceServer) as RequestHandler)
  app.get('/paid/permit2', (_req, res) => res.json({ paid: true }))
  app.get('/paid/upto', (req, res) => {
    const asked = new URL((req as unknown as { url: string }).url, 'http://localhost').searchParams.get('charge') ?? ''
    const amount = /^[0-9]{1,78}$/.test(asked) ? asked : (maximum / 2n).toString()
    setSettlementOverrides(res, { amount })
    res.json({ paid: true, charged: amount })
  })
  const server = await listen(app, Number(process.env['PORT'] ?? 0))
  announceUntilSignal('server-permit2', server)
}

main().catch(exitOnStartFailure)
