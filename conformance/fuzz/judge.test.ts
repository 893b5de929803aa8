import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { fromRequirementsV2 } from '../../src/codecs/index.js'
import { createPayment } from '../../src/evm/createPayment.js'
import { paymentMutations } from '../../src/evm/paymentMutations.js'
import type { PaymentRequirementsV2 } from '../../src/types/v2.js'
import type { Wire } from '../context/types.js'
import { judgePayment } from './judge.js'

const account = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const asset = '0x036CbD53842c5426634e7929541eC2318f3dCF7e'
const chain = {
  network: 'eip155:84532',
  networkV1: 'base-sepolia',
  asset: { address: asset, name: 'USDC', version: '2', decimals: 6 },
} as const
const requirements: PaymentRequirementsV2 = {
  ...{ scheme: 'exact', network: 'eip155:84532', amount: '10000', asset, maxTimeoutSeconds: 60 },
  ...{ payTo: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', extra: { name: 'USDC', version: '2' } },
}
const now = 1_800_000_000

async function judged(mutation?: string, funded = true) {
  const resource = { url: 'https://x.example/paid', description: '', mimeType: 'application/json' }
  const payload = structuredClone(
    await createPayment({ account, requirements: fromRequirementsV2(requirements, resource), now: () => now }),
  ) as unknown as Wire
  const req = structuredClone(requirements) as unknown as Wire
  paymentMutations.find((m) => m.name === mutation)?.apply(payload, req, now)
  return judgePayment({ payload, requirements: req, version: 2, now, chain, funded })
}

describe('judgePayment (real signatures, the harness core)', () => {
  test('a correct payment is valid and may move exactly its amount to payTo', async () => {
    const j = await judged()
    expect(j).toMatchObject({ valid: true, harmful: false })
    expect(j.expected).toEqual({ token: asset, from: account.address, to: requirements.payTo, value: 10_000n })
  })

  test.each(['signature byte flipped', 'authorization.to', 'authorization.value + 1', 'validBefore in the past'])(
    'harmful: %s',
    async (m) => expect(await judged(m)).toMatchObject({ valid: false, harmful: true, expected: undefined }),
  )

  test('invalid without a consequence (a lenient reading) is not harmful', async () => {
    const j = await judged('accepted.maxTimeoutSeconds')
    expect(j).toMatchObject({ valid: false, harmful: false })
    expect(j.why).toMatch(/harness core answers/)
  })

  test('a payer without funds, or requirements for another network', async () => {
    expect(await judged(undefined, false)).toMatchObject({ harmful: true })
    expect(await judged('requirements network not EVM')).toMatchObject({
      harmful: true,
      why: expect.stringMatching(/another network/),
    })
  })
})
