import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import type { Address, Hex } from 'viem'
import { balanceOf, startChain, type Chain } from '../../chain/index.js'
import { mine, setAutomine } from '../../chain/races.js'
import { createPermit2Payment, signEip2612Permit } from '../../evm/permit2/index.js'
import { startFacilitator, type RunningFacilitator } from '../createFacilitator.js'

let chain: Chain
let facilitator: RunningFacilitator
const now = () => Math.floor(Date.now() / 1000)

beforeAll(async () => {
  chain = await startChain()
  facilitator = await startFacilitator({ rpcUrl: chain.rpcUrl, privateKey: chain.facilitator.privateKey })
}, 120_000)
afterAll(async () => {
  await facilitator?.close()
  await chain?.stop()
})

const requirementsOf = (scheme: 'exact' | 'upto', asset: Address, amount: bigint, payTo: Address) => ({
  scheme,
  network: `eip155:${chain.chainId}`,
  amount: amount.toString(),
  asset,
  payTo,
  maxTimeoutSeconds: 300,
  extra:
    scheme === 'upto'
      ? { facilitatorAddress: chain.facilitator.address, assetTransferMethod: 'permit2' }
      : { assetTransferMethod: 'permit2' },
})

async function pay(
  scheme: 'exact' | 'upto',
  key: Hex,
  asset: Address,
  amount: bigint,
  payTo: Address,
  extensions?: Record<string, unknown>,
) {
  const account = privateKeyToAccount(key)
  const requirements = requirementsOf(scheme, asset, amount, payTo)
  const { payload } = await createPermit2Payment({
    kind: scheme,
    account,
    requirements: { chainId: chain.chainId, asset, payTo, amount, maxTimeoutSeconds: 300 },
    facilitator: chain.facilitator.address,
  })
  const paymentPayload = { x402Version: 2, accepted: requirements, payload, ...(extensions ? { extensions } : {}) }
  return { x402Version: 2, paymentPayload, paymentRequirements: requirements }
}

async function post(path: 'verify' | 'settle', body: unknown, to = facilitator): Promise<Record<string, unknown>> {
  const response = await fetch(`${to.url}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(response.status).toBe(200)
  return (await response.json()) as Record<string, unknown>
}

const freshPayTo = () => privateKeyToAccount(generatePrivateKey()).address

test('/supported lists upto with the facilitator address and the gas-sponsoring extension', async () => {
  const body = (await (await fetch(`${facilitator.url}/supported`)).json()) as {
    kinds: { scheme: string; extra?: { facilitatorAddress?: string } }[]
    extensions: string[]
  }
  expect(body.kinds.find((k) => k.scheme === 'upto')?.extra?.facilitatorAddress).toBe(chain.facilitator.address)
  expect(body.extensions).toContain('eip2612GasSponsoring')
})

describe('exact with assetTransferMethod permit2', () => {
  test('default: verifies, settles once, moves exactly the amount', async () => {
    const payTo = freshPayTo()
    const token = chain.contracts.plainToken
    const payer = chain.payers[5]!
    const body = await pay('exact', payer.privateKey, token, 4_321n, payTo)
    expect(await post('verify', body)).toMatchObject({ isValid: true, payer: payer.address })
    const before = await balanceOf(chain.publicClient, token, payer.address)
    const settled = await post('settle', body)
    expect(settled).toMatchObject({ success: true, amount: '4321', payer: payer.address })
    expect(await balanceOf(chain.publicClient, token, payTo)).toBe(4_321n)
    expect(await balanceOf(chain.publicClient, token, payer.address)).toBe(before - 4_321n)
    expect(await post('settle', body)).toMatchObject({ success: false, errorReason: 'permit2_invalid_nonce' })
    expect(await balanceOf(chain.publicClient, token, payTo)).toBe(4_321n)
  })

  test('a witness recipient other than payTo is refused and never settled', async () => {
    const payTo = freshPayTo()
    const body = await pay('exact', chain.payers[5]!.privateKey, chain.contracts.plainToken, 1_000n, freshPayTo())
    const swapped = { ...body, paymentRequirements: { ...body.paymentRequirements, payTo } }
    expect(await post('verify', swapped)).toMatchObject({ invalidReason: 'invalid_permit2_recipient_mismatch' })
    expect(await post('settle', swapped)).toMatchObject({ success: false, transaction: '' })
    expect(await balanceOf(chain.publicClient, chain.contracts.plainToken, payTo)).toBe(0n)
  })
})

describe('upto', () => {
  test('settles the settle-time amount below the maximum, once', async () => {
    const payTo = freshPayTo()
    const token = chain.contracts.plainToken
    const body = await pay('upto', chain.payers[6]!.privateKey, token, 5_000n, payTo)
    expect(await post('verify', body)).toMatchObject({ isValid: true })
    const actual = { ...body, paymentRequirements: { ...body.paymentRequirements, amount: '2350' } }
    expect(await post('settle', actual)).toMatchObject({ success: true, amount: '2350' })
    expect(await balanceOf(chain.publicClient, token, payTo)).toBe(2_350n)
    expect(await post('settle', actual)).toMatchObject({ success: false })
    expect(await balanceOf(chain.publicClient, token, payTo)).toBe(2_350n)
  })

  test('above the maximum is refused before broadcasting; zero settles without a transaction', async () => {
    const payTo = freshPayTo()
    const token = chain.contracts.plainToken
    const body = await pay('upto', chain.payers[6]!.privateKey, token, 5_000n, payTo)
    const above = { ...body, paymentRequirements: { ...body.paymentRequirements, amount: '5001' } }
    expect(await post('settle', above)).toMatchObject({
      success: false,
      errorReason: 'invalid_upto_evm_payload_settlement_exceeds_amount',
      transaction: '',
    })
    const zero = { ...body, paymentRequirements: { ...body.paymentRequirements, amount: '0' } }
    expect(await post('settle', zero)).toMatchObject({ success: true, amount: '0', transaction: '' })
    expect(await balanceOf(chain.publicClient, token, payTo)).toBe(0n)
  })

  test('a witness naming another facilitator is refused', async () => {
    const body = await pay('upto', chain.payers[6]!.privateKey, chain.contracts.plainToken, 5_000n, freshPayTo())
    const other = { ...body.paymentPayload.payload.permit2Authorization }
    other.witness = { ...other.witness, facilitator: chain.payTo }
    const tampered = { ...body, paymentPayload: { ...body.paymentPayload, payload: { ...body.paymentPayload.payload } } }
    tampered.paymentPayload.payload.permit2Authorization = other
    expect(await post('verify', tampered)).toMatchObject({ invalidReason: 'upto_facilitator_mismatch' })
  })
})

describe('EIP-2612 gas sponsoring', () => {
  const token = () => chain.contracts.permitToken
  const domain = () => ({ name: 'Permit Token', version: '1', chainId: chain.chainId, verifyingContract: token() })
  const deadline = () => BigInt(now() + 300)

  test('without allowance and without a permit: permit2_allowance_required', async () => {
    const body = await pay('exact', chain.payers[4]!.privateKey, token(), 900n, freshPayTo())
    expect(await post('verify', body)).toMatchObject({ isValid: false, invalidReason: 'permit2_allowance_required' })
  })

  test('a forged permit (signed by another key) is refused; a genuine one settles through settleWithPermit', async () => {
    const payer = privateKeyToAccount(chain.payers[4]!.privateKey)
    const forger = privateKeyToAccount(generatePrivateKey())
    const payTo = freshPayTo()
    const forged = await signEip2612Permit({
      account: forger,
      owner: payer.address,
      domain: domain(),
      amount: 900n,
      nonce: 0n,
      deadline: deadline(),
    })
    const bad = await pay('exact', chain.payers[4]!.privateKey, token(), 900n, payTo, forged)
    expect(await post('verify', bad)).toMatchObject({ isValid: false, invalidReason: 'permit2_allowance_required' })
    expect(await post('settle', bad)).toMatchObject({ success: false, transaction: '' })
    const genuine = await signEip2612Permit({ account: payer, domain: domain(), amount: 900n, nonce: 0n, deadline: deadline() })
    const good = await pay('exact', chain.payers[4]!.privateKey, token(), 900n, payTo, genuine)
    const verdict = await post('verify', good)
    expect(verdict, JSON.stringify(verdict)).toMatchObject({ isValid: true })
    expect(await post('settle', good)).toMatchObject({ success: true, amount: '900' })
    expect(await balanceOf(chain.publicClient, token(), payTo)).toBe(900n)
  })
})

test('a sponsoring permit checked while the chain is down is answered unexpected_verify_error (502), not a refusal', async () => {
  const payer = privateKeyToAccount(chain.payers[4]!.privateKey)
  const token = chain.contracts.permitToken
  const domain = { name: 'Permit Token', version: '1', chainId: chain.chainId, verifyingContract: token }
  const permit = await signEip2612Permit({ account: payer, domain, amount: 700n, nonce: 0n, deadline: BigInt(now() + 300) })
  const body = await pay('exact', chain.payers[4]!.privateKey, token, 700n, freshPayTo(), permit)
  const down = await startFacilitator({
    rpcUrl: 'http://127.0.0.1:1',
    privateKey: chain.facilitator.privateKey,
    chainId: chain.chainId,
  })
  try {
    const response = await fetch(`${down.url}/verify`, { method: 'POST', body: JSON.stringify(body) })
    expect(response.status).toBe(502)
    expect(await response.json()).toMatchObject({ isValid: false, invalidReason: 'unexpected_verify_error' })
  } finally {
    await down.close()
  }
})

describe('a settlement answered settlement_pending', () => {
  const sent = () => chain.publicClient.getTransactionCount({ address: chain.facilitator.address, blockTag: 'pending' })
  /** Settles `body` with mining held (answered pending), mines, and settles the same body again. */
  async function settleWhilePending(body: unknown, f: RunningFacilitator) {
    await setAutomine(chain.testClient, false)
    let first: Record<string, unknown>
    try {
      first = await post('settle', body, f)
      await mine(chain.testClient)
    } finally {
      await setAutomine(chain.testClient, true)
    }
    const before = await sent()
    const second = await post('settle', body, f)
    return { first, second, broadcast: (await sent()) - before }
  }

  test.each(['exact', 'upto'] as const)(
    '%s: a repeated settle reports the pending transaction, without a second broadcast',
    async (scheme) => {
      const f = await startFacilitator({ rpcUrl: chain.rpcUrl, privateKey: chain.facilitator.privateKey, receiptTimeoutMs: 300 })
      try {
        const payTo = freshPayTo()
        const token = chain.contracts.plainToken
        const body = await pay(scheme, chain.payers[3]!.privateKey, token, 3_000n, payTo)
        const { first, second, broadcast } = await settleWhilePending(body, f)
        expect(first).toMatchObject({ success: false, errorReason: 'settlement_pending' })
        expect(first['transaction']).toMatch(/^0x[0-9a-f]{64}$/)
        expect(second).toMatchObject({ success: true, transaction: first['transaction'], amount: '3000' })
        expect(broadcast).toBe(0)
        expect(await balanceOf(chain.publicClient, token, payTo)).toBe(3_000n)
        // once reported, the settlement is forgotten: a third settle is refused on the spent nonce
        expect(await post('settle', body, f)).toMatchObject({ success: false, errorReason: 'permit2_invalid_nonce' })
      } finally {
        await f.close()
      }
    },
  )

  test('without the record the repeat re-verifies and is refused although the payer was charged (what the record fixes)', async () => {
    const f = await startFacilitator({
      rpcUrl: chain.rpcUrl,
      privateKey: chain.facilitator.privateKey,
      receiptTimeoutMs: 300,
      steps: { findUnconfirmed: () => undefined },
    })
    try {
      const payTo = freshPayTo()
      const body = await pay('exact', chain.payers[3]!.privateKey, chain.contracts.plainToken, 3_000n, payTo)
      const { first, second } = await settleWhilePending(body, f)
      expect(first).toMatchObject({ errorReason: 'settlement_pending' })
      expect(second).toMatchObject({ success: false, errorReason: 'permit2_invalid_nonce' })
      expect(await balanceOf(chain.publicClient, chain.contracts.plainToken, payTo)).toBe(3_000n)
    } finally {
      await f.close()
    }
  })
})
