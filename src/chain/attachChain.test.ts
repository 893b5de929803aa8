import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { MockUSDC } from '../../contracts/artifacts/index.js'
import { attachChain } from './attachChain.js'
import { freePort } from './anvil.js'
import { ChainStartError } from './errors.js'
import { balanceOf } from './ledger.js'
import { initialTokenBalance, startChain } from './startChain.js'
import type { Chain } from './types.js'

let chain: Chain
beforeAll(async () => {
  chain = await startChain()
})
afterAll(async () => {
  await chain?.stop()
})

describe('attachChain', () => {
  test("deploys a second set of contracts from the deployer's next nonce and funds the payers again", async () => {
    const attached = await attachChain(chain.rpcUrl)
    expect(attached).toMatchObject({ rpcUrl: chain.rpcUrl, chainId: chain.chainId, pid: 0, asset: chain.asset })
    expect(attached.contracts.mockUsdc).not.toBe(chain.contracts.mockUsdc)
    const read = { address: attached.contracts.mockUsdc, abi: MockUSDC.abi, functionName: 'name' } as const
    const name = await attached.publicClient.readContract(read)
    expect(name).toBe(chain.asset.name)
    const payer = attached.payers[0]!.address
    expect(await balanceOf(attached.publicClient, attached.contracts.tokenB, payer)).toBe(initialTokenBalance)
    await attached.mint(payer, 5n, attached.contracts.tokenB)
    expect(await balanceOf(attached.publicClient, attached.contracts.tokenB, payer)).toBe(initialTokenBalance + 5n)
    await attached.stop()
    expect(await chain.publicClient.getChainId()).toBe(chain.chainId)
  })

  describe('errors', () => {
    test('unreachable', async () => {
      const url = `http://127.0.0.1:${await freePort()}`
      const error = await attachChain(url).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ChainStartError)
      expect((error as ChainStartError).shortMessage).toBe(`the chain at ${url} is unreachable`)
    })
  })
})
