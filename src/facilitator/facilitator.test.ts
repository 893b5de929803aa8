import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { erc20Abi } from 'viem'
import type { Address, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { startChain } from '../chain/index.js'
import type { Chain } from '../chain/index.js'
import { fromRequirementsV1, fromRequirementsV2 } from '../codecs/normalize.js'
import { createPayment } from '../evm/index.js'
import type { PaymentRequirementsV1 } from '../types/v1.js'
import type { PaymentRequirementsV2 } from '../types/v2.js'
import { startFacilitator } from './createFacilitator.js'
import type { RunningFacilitator } from './createFacilitator.js'
import { chainRequirements } from '../../test/support/facilitatorSetup.js'

let chain: Chain
let f: RunningFacilitator
const lines: string[] = []

beforeAll(async () => {
  chain = await startChain({ quiet: true })
  f = await startFacilitator({
    rpcUrl: chain.rpcUrl,
    privateKey: chain.facilitator.privateKey,
    log: (event, fields) => lines.push(JSON.stringify({ event, ...fields })),
  })
})
afterAll(async () => {
  await f?.close()
  await chain?.stop()
})

const requirementsV2 = (overrides: Partial<PaymentRequirementsV2> = {}): PaymentRequirementsV2 =>
  chainRequirements(chain, overrides)
const requirementsV1 = (): PaymentRequirementsV1 => ({
  scheme: 'exact',
  network: chain.networkV1!,
  maxAmountRequired: '10000',
  resource: 'http://127.0.0.1/paid',
  description: '',
  mimeType: 'application/json',
  payTo: chain.payTo,
  maxTimeoutSeconds: 60,
  asset: chain.asset.address,
  extra: { name: chain.asset.name, version: chain.asset.version },
})
const payer = (i = 0) => privateKeyToAccount(chain.payers[i]!.privateKey)
async function bodyV2(i = 0, requirements = requirementsV2(), signed = requirements) {
  const paymentPayload = await createPayment({
    account: payer(i),
    requirements: fromRequirementsV2(signed, { url: 'http://127.0.0.1/paid' }),
  })
  return { x402Version: 2, paymentPayload, paymentRequirements: requirements }
}
async function bodyV1(i = 0) {
  const requirements = requirementsV1()
  const paymentPayload = await createPayment({ account: payer(i), requirements: fromRequirementsV1(requirements) })
  return { x402Version: 1, paymentPayload, paymentRequirements: requirements }
}
const post = async (path: string, body: unknown) => {
  const r = await fetch(`${f.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: r.status, body: (await r.json()) as Record<string, unknown> }
}
const balance = (who: Address, token: Address = chain.asset.address) =>
  chain.publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [who] })
const txCount = () => chain.publicClient.getTransactionCount({ address: chain.facilitator.address })

describe('transport', () => {
  test('GET /supported lists v1 and v2 kinds on its chain and its signer', async () => {
    const r = await fetch(`${f.url}/supported`)
    expect(r.status).toBe(200)
    expect(await r.json()).toEqual({
      kinds: [
        { x402Version: 2, scheme: 'exact', network: chain.network },
        ...(chain.networkV1 ? [{ x402Version: 1, scheme: 'exact', network: chain.networkV1 }] : []),
        { x402Version: 2, scheme: 'upto', network: chain.network, extra: { facilitatorAddress: chain.facilitator.address } },
      ],
      extensions: ['eip2612GasSponsoring'],
      signers: { 'eip155:*': [chain.facilitator.address] },
    })
  })
  test('GET /health', async () => {
    expect((await fetch(`${f.url}/health`)).status).toBe(200)
  })
  test('unknown path is 404, wrong method 405', async () => {
    expect((await fetch(`${f.url}/nope`)).status).toBe(404)
    expect((await fetch(`${f.url}/verify`)).status).toBe(405)
  })
  test('body over the limit is 413', async () => {
    expect((await post('/verify', 'x'.repeat(70_000))).status).toBe(413)
  })
  test('a body that is not JSON is 400 with an error', async () => {
    const r = await post('/settle', '{nope')
    expect(r.status).toBe(400)
    expect(r.body.error).toMatch(/not JSON/)
  })
  test('a schema-invalid verify body is 400 invalid_payload in the verify shape', async () => {
    const r = await post('/verify', { x402Version: 2, paymentPayload: {} })
    expect(r.status).toBe(400)
    expect(r.body).toMatchObject({ isValid: false, invalidReason: 'invalid_payload' })
  })
  test('a schema-invalid settle body is 400 in the settle shape', async () => {
    const r = await post('/settle', { x402Version: 7 })
    expect(r.status).toBe(400)
    expect(r.body).toMatchObject({ success: false, errorReason: 'invalid_x402_version', transaction: '', network: chain.network })
  })
})

describe('verify', () => {
  test('a valid v2 payment verifies without a transaction', async () => {
    const before = await txCount()
    const r = await post('/verify', await bodyV2())
    expect(r).toEqual({ status: 200, body: { isValid: true, payer: chain.payers[0]!.address } })
    expect(await txCount()).toBe(before)
  })
  test('a valid v1 payment verifies', async () => {
    const r = await post('/verify', await bodyV1())
    expect(r).toEqual({ status: 200, body: { isValid: true, payer: chain.payers[0]!.address } })
  })
  test('an invalid payment is 200 with the reason and the payer', async () => {
    const r = await post('/verify', await bodyV2(0, requirementsV2(), requirementsV2({ amount: '9999' })))
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ isValid: false, payer: chain.payers[0]!.address })
    expect(typeof r.body.invalidReason).toBe('string')
  })
  test('requirements on another chain are invalid_network', async () => {
    const r = await post('/verify', await bodyV2(0, requirementsV2({ network: 'eip155:1' })))
    expect(r.body).toMatchObject({ isValid: false, invalidReason: 'invalid_network' })
  })
})

describe('settle', () => {
  test('a valid payment settles once: exact amounts move, the hash is returned', async () => {
    const body = await bodyV2(1)
    const [p0, t0] = [await balance(chain.payers[1]!.address), await balance(chain.payTo)]
    const r = await post('/settle', body)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ success: true, network: chain.network, payer: chain.payers[1]!.address, amount: '10000' })
    expect(r.body.transaction).toMatch(/^0x[0-9a-f]{64}$/)
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: r.body.transaction as Hex })
    expect(receipt.from.toLowerCase()).toBe(chain.facilitator.address.toLowerCase())
    expect(await balance(chain.payers[1]!.address)).toBe(p0 - 10000n)
    expect(await balance(chain.payTo)).toBe(t0 + 10000n)

    const before = await txCount()
    const again = await post('/settle', body)
    expect(again.body).toMatchObject({
      success: false,
      errorReason: 'invalid_exact_evm_nonce_already_used',
      transaction: r.body.transaction,
    })
    expect(await txCount()).toBe(before)
  })
  test('a v1 payment settles with the v1 network name', async () => {
    const r = await post('/settle', await bodyV1(2))
    expect(r.body).toMatchObject({ success: true, network: chain.networkV1 })
    expect(r.body).not.toHaveProperty('amount')
  })
  test('an invalid payment is not broadcast', async () => {
    const before = await txCount()
    const r = await post('/settle', await bodyV2(0, requirementsV2(), requirementsV2({ payTo: chain.payers[3]!.address })))
    expect(r.body).toMatchObject({ success: false, transaction: '', network: chain.network })
    expect(await txCount()).toBe(before)
  })
  test('logs never contain a private key', () => {
    const all = lines.join('\n').toLowerCase()
    expect(lines.length).toBeGreaterThan(0)
    expect(all).not.toContain(chain.facilitator.privateKey.slice(2).toLowerCase())
    for (const p of chain.payers) expect(all).not.toContain(p.privateKey.slice(2).toLowerCase())
  })
})
