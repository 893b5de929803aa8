import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { privateKeyToAccount } from 'viem/accounts'
import { fromRequirementsV2 } from '../codecs/normalize.js'
import { createPayment } from '../evm/index.js'
import { startFacilitator } from '../facilitator/createFacilitator.js'
import type { RunningFacilitator } from '../facilitator/createFacilitator.js'
import { chainRequirements } from '../../test/support/facilitatorSetup.js'
import type { PaymentRequirementsV2 } from '../types/v2.js'
import { mine, setAutomine } from './races.js'
import { startChain } from './startChain.js'
import type { Chain } from './types.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function payAfterIdle(chain: Chain, facilitator: RunningFacilitator, payer: number) {
  const req: PaymentRequirementsV2 = chainRequirements(chain)
  await sleep(5_500)
  const now = BigInt(Math.floor(Date.now() / 1000))
  const account = privateKeyToAccount(chain.payers[payer]!.privateKey)
  const paymentPayload = await createPayment({ account, requirements: fromRequirementsV2(req), validAfter: now - 5n })
  const call = async (kind: string) => {
    const body = JSON.stringify({ x402Version: 2, paymentPayload, paymentRequirements: req })
    const r = await fetch(`${facilitator.url}/${kind}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    return (await r.json()) as Record<string, unknown>
  }
  return { verify: await call('verify'), settle: await call('settle') }
}

describe('block time follows the wall clock while idle', () => {
  let chain: Chain
  let still: Chain
  const facilitators: RunningFacilitator[] = []
  const facilitator = async (c: Chain) => {
    const f = await startFacilitator({ rpcUrl: c.rpcUrl, privateKey: c.facilitator.privateKey, chainId: c.chainId })
    facilitators.push(f)
    return f
  }
  beforeAll(async () => {
    ;[chain, still] = await Promise.all([startChain(), startChain({ followWallClock: false })])
  })
  afterAll(async () => {
    for (const f of facilitators) await f.close()
    await Promise.all([chain?.stop(), still?.stop()])
  })

  // The two idle tests use different chains and only wait: they run side by side (one 5.5 s wait, not two).
  test.concurrent('after 5 s idle, a payment whose validAfter is 5 s in the past verifies and settles', async ({ expect }) => {
    const { verify, settle } = await payAfterIdle(chain, await facilitator(chain), 0)
    expect(verify).toMatchObject({ isValid: true })
    expect(settle).toMatchObject({ success: true })
  }, 30_000)

  test.concurrent('without it, the same payment is refused (the lag this guards against)', async ({ expect }) => {
    const { verify } = await payAfterIdle(still, await facilitator(still), 0)
    expect(verify).toMatchObject({ isValid: false })
  }, 30_000)

  test('a race that holds mining is not disturbed: nothing is mined until it mines', async () => {
    await setAutomine(chain.testClient, false)
    try {
      const before = await chain.publicClient.getBlockNumber()
      await sleep(2_500)
      expect(await chain.publicClient.getBlockNumber()).toBe(before)
      await mine(chain.testClient)
      expect(await chain.publicClient.getBlockNumber()).toBe(before + 1n)
    } finally {
      await setAutomine(chain.testClient, true)
    }
    const latest = await chain.publicClient.getBlock()
    await sleep(2_500)
    expect((await chain.publicClient.getBlock()).timestamp).toBeGreaterThan(latest.timestamp)
  }, 30_000)
})
