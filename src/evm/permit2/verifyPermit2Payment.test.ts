import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createWalletClient, http, type Address, type Hex, type WalletClient } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { balanceOf, startChain, type Chain } from '../../chain/index.js'
import { permit2Abi } from './abi.js'
import { permit2Address } from './constants.js'
import { createPermit2Payment } from './createPermit2Payment.js'
import { eip2612PermitTypes } from './eip2612Types.js'
import { getPermit2SettleCall } from './getPermit2SettleCall.js'
import { parsePermit2Payload } from './parsePermit2Payload.js'
import { signPermit2Authorization } from './signPermit2Authorization.js'
import { toWirePermit2Authorization } from './toWirePermit2Authorization.js'
import type { Permit2Authorization, Permit2Payload } from './types.js'
import { verifyPermit2Payment } from './verifyPermit2Payment.js'

let chain: Chain
let facilitator: WalletClient
const now = () => Math.floor(Date.now() / 1000)

beforeAll(async () => {
  chain = await startChain()
  const account = privateKeyToAccount(chain.facilitator.privateKey)
  facilitator = createWalletClient({ account, chain: chain.publicClient.chain, transport: http(chain.rpcUrl) })
}, 120_000)
afterAll(async () => {
  await chain?.stop()
})

const requirementsOf = (token: Address, amount: bigint) => ({
  chainId: chain.chainId,
  asset: token,
  payTo: chain.payTo,
  amount,
  maxTimeoutSeconds: 300,
})
const read = (payload: Permit2Payload) => {
  const r = parsePermit2Payload(payload)
  if (!r.ok) throw new Error(r.message)
  return r
}
async function send(call: ReturnType<typeof getPermit2SettleCall>): Promise<'success' | 'reverted'> {
  const request = { ...call, account: facilitator.account!, chain: facilitator.chain, gas: 300_000n }
  const hash = await facilitator.writeContract(request as never)
  return (await chain.publicClient.waitForTransactionReceipt({ hash })).status
}

describe('exact', () => {
  test('default: a correct payment verifies, settles through the proxy and balances; its nonce is then spent', async () => {
    const payer = chain.payers[0]!
    const token = chain.contracts.plainToken
    const requirements = requirementsOf(token, 12_345n)
    const account = privateKeyToAccount(payer.privateKey)
    const { payload } = await createPermit2Payment({ kind: 'exact', account, requirements })
    const params = { kind: 'exact', payload, requirements, now: now(), settler: chain.facilitator.address } as const
    expect(await verifyPermit2Payment(chain.publicClient, params)).toEqual({ isValid: true, payer: payer.address })

    const [payerBefore, payToBefore] = await Promise.all([
      balanceOf(chain.publicClient, token, payer.address),
      balanceOf(chain.publicClient, token, chain.payTo),
    ])
    const { authorization, signature } = read(payload)
    expect(await send(getPermit2SettleCall({ kind: 'exact', authorization, signature }))).toBe('success')
    expect(await balanceOf(chain.publicClient, token, payer.address)).toBe(payerBefore - 12_345n)
    expect(await balanceOf(chain.publicClient, token, chain.payTo)).toBe(payToBefore + 12_345n)

    const word = await chain.publicClient.readContract({
      address: permit2Address,
      abi: permit2Abi,
      functionName: 'nonceBitmap',
      args: [payer.address, authorization.nonce >> 8n],
    })
    expect((word >> (authorization.nonce & 255n)) & 1n).toBe(1n)
    const again = await verifyPermit2Payment(chain.publicClient, { ...params, now: now() })
    expect(again).toMatchObject({ isValid: false, invalidReason: 'permit2_invalid_nonce' })
    expect(await send(getPermit2SettleCall({ kind: 'exact', authorization, signature }))).toBe('reverted')
  })

  const other: Address = '0x00000000000000000000000000000000000000aa'
  type Mutation = { name: string; reason: string; mutate: (a: Permit2Authorization) => Permit2Authorization; fresh?: true }
  /** `fresh`: re-signed, the mutant is simply another valid payment, so only the tampered form is refused. */
  const mutations: Mutation[] = [
    { name: 'spender', reason: 'invalid_permit2_spender', mutate: (a) => ({ ...a, spender: other }) },
    {
      name: 'witness.to',
      reason: 'invalid_permit2_recipient_mismatch',
      mutate: (a) => ({ ...a, witness: { ...a.witness, to: other } }),
    },
    {
      name: 'permitted.token',
      reason: 'permit2_token_mismatch',
      mutate: (a) => ({ ...a, permitted: { ...a.permitted, token: chain.contracts.permitToken } }),
    },
    {
      name: 'permitted.amount + 1',
      reason: 'permit2_amount_mismatch',
      mutate: (a) => ({ ...a, permitted: { ...a.permitted, amount: a.permitted.amount + 1n } }),
    },
    { name: 'deadline in the past', reason: 'permit2_deadline_expired', mutate: (a) => ({ ...a, deadline: BigInt(now() - 1) }) },
    {
      name: 'validAfter in the future',
      reason: 'permit2_not_yet_valid',
      mutate: (a) => ({ ...a, witness: { ...a.witness, validAfter: BigInt(now() + 3600) } }),
    },
    { name: 'nonce', reason: 'invalid_permit2_signature', mutate: (a) => ({ ...a, nonce: a.nonce + 1n }), fresh: true },
  ]

  test.each(mutations)('mutation: $name is refused ($reason), signed by the payer or tampered after signing', async (m) => {
    const payer = chain.payers[1]!
    const account = privateKeyToAccount(payer.privateKey)
    const requirements = requirementsOf(chain.contracts.plainToken, 1_000n)
    const { authorization, payload } = await createPermit2Payment({ kind: 'exact', account, requirements })
    const mutant = m.mutate(authorization)
    const resigned = await signPermit2Authorization({ account, kind: 'exact', chainId: chain.chainId, authorization: mutant })
    const tampered: Permit2Payload = { signature: payload.signature, permit2Authorization: toWirePermit2Authorization(mutant) }
    const signed = { signature: resigned, permit2Authorization: tampered.permit2Authorization }
    for (const p of m.fresh ? [tampered] : [signed, tampered]) {
      const params = { kind: 'exact', payload: p, requirements, now: now(), settler: chain.facilitator.address } as const
      expect(await verifyPermit2Payment(chain.publicClient, params)).toMatchObject({ isValid: false, invalidReason: m.reason })
    }
  })

  test('the proxy pays only the signed witness recipient: a tampered recipient reverts on chain', async () => {
    const account = privateKeyToAccount(chain.payers[1]!.privateKey)
    const requirements = requirementsOf(chain.contracts.plainToken, 1_000n)
    const { authorization, payload } = await createPermit2Payment({ kind: 'exact', account, requirements })
    const witness = { ...authorization.witness, to: chain.facilitator.address }
    const call = getPermit2SettleCall({
      kind: 'exact',
      authorization: { ...authorization, witness },
      signature: payload.signature,
    })
    await expect(chain.publicClient.simulateContract({ ...call, account: chain.facilitator.address } as never)).rejects.toThrow(
      /InvalidSigner/,
    )
  })

  test('no Permit2 allowance: permit2_allowance_required', async () => {
    const account = privateKeyToAccount(chain.payers[2]!.privateKey)
    const requirements = requirementsOf(chain.contracts.permitToken, 1_000n)
    const { payload } = await createPermit2Payment({ kind: 'exact', account, requirements })
    const params = { kind: 'exact', payload, requirements, now: now(), settler: chain.facilitator.address } as const
    expect(await verifyPermit2Payment(chain.publicClient, params)).toMatchObject({ invalidReason: 'permit2_allowance_required' })
  })

  test('args: offline — a result the caller already computed is used, the offline steps are not run again', async () => {
    const account = privateKeyToAccount(chain.payers[2]!.privateKey)
    const requirements = requirementsOf(chain.contracts.plainToken, 1_000n)
    const { payload } = await createPermit2Payment({ kind: 'exact', account, requirements })
    const params = { kind: 'exact', payload, requirements, now: now(), settler: chain.facilitator.address } as const
    const offline = { isValid: false, invalidReason: 'invalid_permit2_spender', invalidMessage: 'given' } as const
    expect(await verifyPermit2Payment(chain.publicClient, { ...params, offline })).toEqual(offline)
    expect(await verifyPermit2Payment(chain.publicClient, params)).toEqual({ isValid: true, payer: account.address })
  })

  test('more than the balance: permit2_insufficient_balance', async () => {
    const account = privateKeyToAccount(chain.payers[2]!.privateKey)
    const requirements = requirementsOf(chain.contracts.plainToken, 10n ** 30n)
    const { payload } = await createPermit2Payment({ kind: 'exact', account, requirements })
    const params = { kind: 'exact', payload, requirements, now: now(), settler: chain.facilitator.address } as const
    expect(await verifyPermit2Payment(chain.publicClient, params)).toMatchObject({
      invalidReason: 'permit2_insufficient_balance',
    })
  })
})

describe('upto', () => {
  test('default: the witness facilitator settles the actual amount, below the maximum', async () => {
    const payer = chain.payers[3]!
    const token = chain.contracts.plainToken
    const requirements = requirementsOf(token, 5_000n)
    const account = privateKeyToAccount(payer.privateKey)
    const { payload } = await createPermit2Payment({
      kind: 'upto',
      account,
      requirements,
      facilitator: chain.facilitator.address,
    })
    const params = {
      kind: 'upto',
      payload,
      requirements,
      now: now(),
      settler: chain.facilitator.address,
      facilitators: [chain.facilitator.address],
    } as const
    expect(await verifyPermit2Payment(chain.publicClient, params)).toEqual({ isValid: true, payer: payer.address })
    const ours = await verifyPermit2Payment(chain.publicClient, { ...params, facilitators: [chain.payTo] })
    expect(ours).toMatchObject({ isValid: false, invalidReason: 'upto_facilitator_mismatch' })

    const { authorization, signature } = read(payload)
    const above = getPermit2SettleCall({ kind: 'upto', authorization, signature, amount: 5_001n })
    await expect(chain.publicClient.simulateContract({ ...above, account: chain.facilitator.address } as never)).rejects.toThrow(
      /AmountExceedsPermitted/,
    )
    const call = getPermit2SettleCall({ kind: 'upto', authorization, signature, amount: 2_350n })
    await expect(chain.publicClient.simulateContract({ ...call, account: chain.payTo } as never)).rejects.toThrow(
      /UnauthorizedFacilitator/,
    )
    const before = await balanceOf(chain.publicClient, token, payer.address)
    const payToBefore = await balanceOf(chain.publicClient, token, chain.payTo)
    expect(await send(call)).toBe('success')
    expect(await balanceOf(chain.publicClient, token, payer.address)).toBe(before - 2_350n)
    expect(await balanceOf(chain.publicClient, token, chain.payTo)).toBe(payToBefore + 2_350n)
    expect(await send(call)).toBe('reverted')
  })
})

describe('eip-2612 sponsoring', () => {
  test('settleWithPermit approves Permit2 with the payer’s permit and settles in one transaction', async () => {
    const payer = chain.payers[4]!
    const token = chain.contracts.permitToken
    const account = privateKeyToAccount(payer.privateKey)
    const requirements = requirementsOf(token, 777n)
    const { authorization, payload } = await createPermit2Payment({ kind: 'exact', account, requirements })
    const deadline = BigInt(now() + 300)
    const permitSignature: Hex = await account.signTypedData({
      domain: { name: 'Permit Token', version: '1', chainId: chain.chainId, verifyingContract: token },
      types: eip2612PermitTypes,
      primaryType: 'Permit',
      message: { owner: payer.address, spender: permit2Address, value: 777n, nonce: 0n, deadline },
    })
    const r = `0x${permitSignature.slice(2, 66)}` as Hex
    const s = `0x${permitSignature.slice(66, 130)}` as Hex
    const v = Number.parseInt(permitSignature.slice(130), 16)
    const settle = getPermit2SettleCall({ kind: 'exact', authorization, signature: payload.signature })
    const hash = await facilitator.writeContract({
      address: settle.address,
      abi: settle.abi,
      functionName: 'settleWithPermit',
      args: [{ value: 777n, deadline, r, s, v }, ...settle.args],
      account: facilitator.account!,
      chain: facilitator.chain,
    })
    expect((await chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe('success')
    expect(await balanceOf(chain.publicClient, token, chain.payTo)).toBe(777n)
  })
})
