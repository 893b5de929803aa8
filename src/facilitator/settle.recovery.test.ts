import { beforeAll, describe, expect, test } from 'vitest'
import { erc20Abi } from 'viem'
import type { Address } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { Chain } from '../chain/index.js'
import { fromRequirementsV2 } from '../codecs/normalize.js'
import { createPayment } from '../evm/index.js'
import type { PaymentRequirementsV2 } from '../types/v2.js'
import type { RunningFacilitator } from './createFacilitator.js'
import { chainRequirements, useChainWithFacilitators } from '../../test/support/facilitatorSetup.js'

const env = useChainWithFacilitators()
let chain: Chain
beforeAll(() => {
  chain = env.chain
})
const facilitator = env.facilitator
async function body(i: number) {
  const req: PaymentRequirementsV2 = chainRequirements(chain)
  const paymentPayload = await createPayment({
    account: privateKeyToAccount(chain.payers[i]!.privateKey),
    requirements: fromRequirementsV2(req),
  })
  return { x402Version: 2, paymentPayload, paymentRequirements: req }
}
const post = async (f: RunningFacilitator, path: string, b: unknown) => {
  const r = await fetch(`${f.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(b),
  })
  return {
    status: r.status,
    ...((await r.json()) as {
      success?: boolean
      isValid?: boolean
      transaction?: string
      errorReason?: string
      errorMessage?: string
    }),
  }
}
const payee = () =>
  chain.publicClient.readContract({ address: chain.asset.address, abi: erc20Abi, functionName: 'balanceOf', args: [chain.payTo] })
const sentBy = (address: Address) => chain.publicClient.getTransactionCount({ address, blockTag: 'pending' })

describe('settle after the authorization was used', () => {
  test('a settle retried on a restarted facilitator names the transaction that settled it', async () => {
    const b = await body(1)
    const first = await post(await facilitator(), '/settle', b)
    expect(first).toMatchObject({ success: true })
    const restarted = await facilitator()
    const sent = await sentBy(chain.facilitator.address)
    const retry = await post(restarted, '/settle', b)
    expect(retry).toMatchObject({
      success: false,
      errorReason: 'invalid_exact_evm_nonce_already_used',
      transaction: first.transaction,
    })
    expect(retry.errorMessage).toMatch(/which paid these requirements/)
    expect(await sentBy(chain.facilitator.address)).toBe(sent)
  })

  test('without the lookup the retry has no hash (what the lookup fixes)', async () => {
    const b = await body(2)
    expect(await post(await facilitator(), '/settle', b)).toMatchObject({ success: true })
    const blind = await facilitator({ steps: { findSettlement: async () => undefined } })
    expect(await post(blind, '/settle', b)).toMatchObject({
      success: false,
      errorReason: 'invalid_exact_evm_nonce_already_used',
      transaction: '',
    })
  })

  test('a retry that comes after validBefore still names the transaction; an expired unsettled one is refused as expired', async () => {
    const b = await body(5)
    const first = await post(await facilitator(), '/settle', b)
    expect(first).toMatchObject({ success: true })
    const later = await facilitator({ now: () => Math.floor(Date.now() / 1000) + 3600 })
    const retry = await post(later, '/settle', b)
    expect(retry).toMatchObject({ errorReason: 'invalid_exact_evm_nonce_already_used', transaction: first.transaction })
    const unsettled = await post(later, '/settle', await body(6))
    expect(unsettled).toMatchObject({ errorReason: 'invalid_exact_evm_payload_authorization_valid_before', transaction: '' })
  })
})

describe('addresses', () => {
  test('a payTo spelled 0X is refused by verify and settle, nothing is broadcast', async () => {
    const b = await body(3)
    const spelled = `0X${chain.payTo.slice(2)}`
    const bad = {
      ...b,
      paymentPayload: { ...b.paymentPayload, accepted: { ...(b.paymentPayload.accepted as object), payTo: spelled } },
      paymentRequirements: { ...b.paymentRequirements, payTo: spelled },
    }
    const f = await facilitator()
    const [balance, sent] = [await payee(), await sentBy(chain.facilitator.address)]
    expect(await post(f, '/verify', bad)).toMatchObject({
      status: 200,
      isValid: false,
      invalidReason: 'invalid_exact_evm_payload_recipient_mismatch',
    })
    expect(await post(f, '/settle', bad)).toMatchObject({ status: 200, success: false, transaction: '' })
    expect([await payee(), await sentBy(chain.facilitator.address)]).toEqual([balance, sent])
  })
})

describe('errors', () => {
  test('a failure after the broadcast is answered 502 with the transaction', async () => {
    const f = await facilitator({
      steps: {
        checkTransfer: () => {
          throw new Error('receipt reader broke')
        },
      },
    })
    const before = await payee()
    const answer = await post(f, '/settle', await body(4))
    expect(answer).toMatchObject({ status: 502, success: false, errorReason: 'unexpected_settle_error' })
    expect(answer.transaction).toMatch(/^0x[0-9a-f]{64}$/)
    expect(answer.errorMessage).toBe(
      `settlement could not complete after broadcasting transaction ${answer.transaction}: receipt reader broke`,
    )
    expect(await payee()).toBe(before + 10_000n)
  })
})
