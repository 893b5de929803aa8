import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createPublicClient, custom, http } from 'viem'
import type { PublicClient } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { startChain, type Chain } from '../../chain/index.js'
import type { Eip2612Permit } from './eip2612Types.js'
import { parseEip2612Sponsoring } from './parseEip2612Sponsoring.js'
import { signEip2612Permit } from './signEip2612Permit.js'
import { verifyEip2612Permit } from './verifyEip2612Permit.js'

let chain: Chain
let permit: Eip2612Permit
const now = () => Math.floor(Date.now() / 1000)
/** ERC-5267 `eip712Domain()`. */
const eip712DomainSelector = '0x84b0196e'

beforeAll(async () => {
  chain = await startChain()
  const account = privateKeyToAccount(chain.payers[2]!.privateKey)
  const token = chain.contracts.permitToken
  const domain = { name: 'Permit Token', version: '1', chainId: chain.chainId, verifyingContract: token }
  const extensions = await signEip2612Permit({ account, domain, amount: 500n, nonce: 0n, deadline: BigInt(now() + 300) })
  const read = parseEip2612Sponsoring(extensions)
  if (!read?.ok) throw new Error('the signed permit does not parse')
  permit = read.permit
}, 120_000)
afterAll(async () => {
  await chain?.stop()
})

const params = (asset = chain.contracts.permitToken) => ({
  permit,
  payer: chain.payers[2]!.address,
  asset,
  amount: 500n,
  chainId: chain.chainId,
  now: now(),
})

test('default: the payer’s own permit for the payment is accepted', async () => {
  expect(await verifyEip2612Permit(chain.publicClient, params())).toBeUndefined()
})

test('a token without EIP-2612 nonces is a problem, not an error', async () => {
  const asset = chain.contracts.plainToken
  const problem = await verifyEip2612Permit(chain.publicClient, { ...params(asset), permit: { ...permit, asset } })
  expect(problem).toBe(`the token ${asset} has no EIP-2612 nonces`)
})

describe('errors', () => {
  test('a chain that cannot be reached throws: an outage is not a refusal', async () => {
    const dead = createPublicClient({ transport: http('http://127.0.0.1:1', { retryCount: 0 }) }) as PublicClient
    await expect(verifyEip2612Permit(dead, params())).rejects.toThrow(/HTTP request failed/)
  })

  test('an outage while reading the token’s domain throws instead of falling back to extra', async () => {
    // the nonce is read, then the connection fails for eip712Domain(): without a fallback domain the signature
    // would be judged over a wrong domain and the permit refused as forged
    const flaky = createPublicClient({
      transport: custom({
        async request({ method, params: args }) {
          const data = (args as [{ data?: string }] | undefined)?.[0]?.data
          if (method === 'eth_call' && data?.startsWith(eip712DomainSelector)) throw new Error('connection reset')
          return chain.publicClient.request({ method, params: args } as never)
        },
      }),
    }) as PublicClient
    await expect(verifyEip2612Permit(flaky, params())).rejects.toThrow(/connection reset/)
  })
})
