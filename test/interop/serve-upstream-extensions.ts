// An upstream @x402/express 2.27 resource server announcing the 2.27 extensions, from the X402_* environment the
// harness hands to `--exec` commands, on PORT (the extension cases of spec/11-extensions.md run against it):
//   GET /paid     plain paid route (the control cases)
//   GET /order    payment-identifier declared with required: true (declarePaymentIdentifierExtension)
//   GET /catalog  a bazaar declaration (declareDiscoveryExtension + bazaarResourceServerExtension) and an
//                 optional payment-identifier
// As shipped: the extensions are declared; no application cache of answers is added.
import { HTTPFacilitatorClient } from '@x402/core/server'
import { ExactEvmScheme } from '@x402/evm/exact/server'
import { paymentMiddleware, x402ResourceServer } from '@x402/express'
import { bazaarResourceServerExtension, declareDiscoveryExtension } from '@x402/extensions/bazaar'
import { declarePaymentIdentifierExtension, PAYMENT_IDENTIFIER } from '@x402/extensions/payment-identifier'
import express, { type RequestHandler } from 'express'
import { listen } from './listen.js'
import { announceUntilSignal } from './upstream/announce.js'

const env = (name: string) => process.env[name] ?? ''
const network = env('X402_NETWORK') as `eip155:${number}`
const facilitatorUrl = env('X402_FACILITATOR_URL')
const resourceServer = new x402ResourceServer(new HTTPFacilitatorClient({ url: facilitatorUrl }))
  .register(network, new ExactEvmScheme())
  .registerExtension(bazaarResourceServerExtension)
const accepts = {
  scheme: 'exact',
  network,
  payTo: env('X402_PAY_TO'),
  maxTimeoutSeconds: 60,
  price: {
    amount: '1000',
    asset: env('X402_ASSET'),
    extra: { name: env('X402_ASSET_NAME'), version: env('X402_ASSET_VERSION') },
  },
}
const route = (extensions: Record<string, unknown>) => ({
  accepts,
  description: 'interop',
  mimeType: 'application/json',
  extensions,
})
const app = express()
app.use(
  paymentMiddleware(
    {
      'GET /paid': route({}),
      'GET /order': route({ [PAYMENT_IDENTIFIER]: declarePaymentIdentifierExtension(true) }),
      'GET /catalog': route({
        [PAYMENT_IDENTIFIER]: declarePaymentIdentifierExtension(false),
        ...declareDiscoveryExtension({ input: { city: 'Lisbon' }, output: { example: { paid: true } } }),
      }),
    },
    resourceServer,
  ) as RequestHandler,
)
for (const path of ['/paid', '/order', '/catalog']) app.get(path, (_req, res) => res.json({ paid: true }))
const server = await listen(app, Number(process.env.PORT ?? 0))
announceUntilSignal('server-v2-extensions', server)
