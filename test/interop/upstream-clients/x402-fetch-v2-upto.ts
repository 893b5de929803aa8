// @x402/fetch 2.27 with both EVM clients of @x402/evm registered, exact (EIP-3009 and Permit2) and upto, as a client
// under test of the Permit2 cases:
//   x402-conformance --client "node --import tsx test/interop/upstream-clients/x402-fetch-v2-upto.ts {URL}" --grep permit2
// Reads X402_PRIVATE_KEY. Upstream's spend controls as they ship (default assets only, $1 per payment).
import { registerExactEvmScheme } from '@x402/evm/exact/client'
import { UptoEvmScheme } from '@x402/evm/upto/client'
import { wrapFetchWithPayment, x402Client } from '@x402/fetch'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

const signer = privateKeyToAccount(process.env['X402_PRIVATE_KEY'] as Hex)
const client = registerExactEvmScheme(new x402Client(), { signer }).register('eip155:*', new UptoEvmScheme(signer))
const response = await wrapFetchWithPayment(
  fetch,
  client,
)(process.argv[2] ?? '').catch((error: Error) => {
  process.stderr.write(`${error.message}\n`)
  return process.exit(1)
})
process.stdout.write(`${response.status} ${await response.text()}\n`)
process.exit(response.ok ? 0 : 1)
