// x402-fetch 1.2 (v1, X-PAYMENT) as a client under test:
//   x402-conformance --client "node --import tsx test/interop/upstream-clients/x402-fetch-v1.ts {URL}" --version 1
// Reads X402_PRIVATE_KEY, X402_RPC_URL, X402_CHAIN_ID and, when declared, X402_MAX_PER_REQUEST (its maxValue;
// upstream's default is 0.10 USDC).
import type { Hex } from 'viem'
import { createWalletClient, defineChain, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { decodeXPaymentResponse, wrapFetchWithPayment } from 'x402-fetch'

const url = process.argv[2] ?? ''
const rpcUrl = process.env['X402_RPC_URL'] ?? ''
const id = Number(process.env['X402_CHAIN_ID'])
const chain = defineChain({
  id,
  name: `chain ${id}`,
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [rpcUrl] } },
})
const walletClient = createWalletClient({
  account: privateKeyToAccount(process.env['X402_PRIVATE_KEY'] as Hex),
  chain,
  transport: http(rpcUrl),
})
const max = process.env['X402_MAX_PER_REQUEST']
try {
  const response = await wrapFetchWithPayment(fetch, walletClient as never, max ? BigInt(max) : undefined)(url)
  process.stdout.write(`${response.status} ${await response.text()}\n`)
  const receipt = response.headers.get('X-PAYMENT-RESPONSE')
  if (receipt) process.stderr.write(`receipt ${JSON.stringify(decodeXPaymentResponse(receipt))}\n`)
  process.exit(response.ok ? 0 : 1)
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`)
  process.exit(1)
}
