// @x402/fetch (v2 and v1 through @x402/evm's exact client) as a client under test:
//   x402-conformance --client "node --import tsx test/interop/upstream-clients/x402-fetch-v2.ts {URL}"
// Reads X402_PRIVATE_KEY and, when declared, X402_MAX_PER_REQUEST (atomic units of a 6-decimal USDC, given to
// upstream's own spend control in dollars). Upstream's defaults otherwise: default assets only, $1 per payment.
import { registerExactEvmScheme } from '@x402/evm/exact/client'
import { wrapFetchWithPayment, x402Client, x402HTTPClient } from '@x402/fetch'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

const url = process.argv[2] ?? ''
const client = new x402Client()
registerExactEvmScheme(client, { signer: privateKeyToAccount(process.env['X402_PRIVATE_KEY'] as Hex) })
const max = process.env['X402_MAX_PER_REQUEST']
if (max) client.setSpendControls({ maxAmountPerPayment: `$${Number(max) / 1e6}` })
const httpClient = new x402HTTPClient(client)
try {
  const response = await wrapFetchWithPayment(fetch, client)(url)
  process.stdout.write(`${response.status} ${await response.text()}\n`)
  try {
    process.stderr.write(`receipt ${JSON.stringify(httpClient.getPaymentSettleResponse((name) => response.headers.get(name)))}\n`)
  } catch {}
  process.exit(response.ok ? 0 : 1)
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`)
  process.exit(1)
}
