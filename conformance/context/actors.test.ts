import { isErc6492Signature } from 'viem'
import type { Address, PublicClient } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { authorizationState, balanceOf } from '../../src/chain/ledger.js'
import { startChain } from '../../src/chain/startChain.js'
import type { Chain } from '../../src/chain/types.js'
import { erc6492MagicSuffix } from '../../src/evm/constants.js'
import { defineCase } from '../case.js'
import { createActors } from './actors.js'
import { SuiteError } from './errors.js'
import { CaseFailure, CaseSkip } from './failure.js'
import { harnessWallet } from './harnessWallet.js'
import { createOnChain } from './onchain.js'
import { createPayments } from './payments.js'
import { createScope } from './scope.js'
import { localTarget, mintOn } from './session.js'
import type { Session } from './session.js'

// The chain actors against a real anvil: what they do must show on chain.
let chain: Chain
let session: Session
let client: PublicClient

beforeAll(async () => {
  chain = await startChain()
  client = chain.publicClient as PublicClient
  let harnessTx: Promise<unknown> = Promise.resolve()
  const { rpcUrl, chainId, network, networkV1, asset, contracts } = chain
  session = {
    seed: 5,
    runs: 1,
    strict: false,
    chain: { rpcUrl, chainId, network, networkV1, asset, contracts, client },
    testClient: chain.testClient,
    target: localTarget('embedded', undefined),
    facilitatorVersions: new Set(),
    offers: new Map(),
    fund: mintOn(chain),
    frontRunner: chain.payers[chain.payers.length - 1]!,
    serialized(send) {
      const next = harnessTx.then(send)
      harnessTx = next.catch(() => undefined)
      return next
    },
    reproduce: '',
  }
})
afterAll(() => chain?.stop())

let cases = 0
function sections(over: Partial<Session> = {}) {
  const id = `facilitator.actors.test-${cases++}`
  const kase = defineCase({
    id,
    clause: 'x.y',
    level: 'INFO',
    role: 'facilitator',
    versions: [2],
    title: 'acts',
    run: async () => undefined,
  })
  const record = { transcript: [], ledger: [], info: [], warnings: [] }
  const scope = createScope({ ...session, ...over }, kase, 2, record, true)
  const skip = (reason: string): never => {
    throw new CaseSkip(reason)
  }
  return { payments: createPayments(scope), actors: createActors(scope, skip), onChain: createOnChain(scope, record) }
}

describe('harnessWallet', () => {
  test('one wallet per session', () => {
    expect(harnessWallet(session)).toBe(harnessWallet(session))
    expect(harnessWallet(session).address).toBe(session.frontRunner.address)
    expect(harnessWallet({ ...session })).not.toBe(harnessWallet(session))
  })
})

describe('createActors', () => {
  test('frontRun: the authorization is settled from the harness account, not the facilitator', async () => {
    const { payments, actors } = sections()
    const paid = await payments.pay()
    const hash = await actors.frontRun(paid)
    const receipt = await client.waitForTransactionReceipt({ hash })
    expect([receipt.status, receipt.from]).toEqual(['success', session.frontRunner.address.toLowerCase()])
    expect(await balanceOf(client, chain.asset.address, payments.payTo)).toBe(paid.amount)
    expect(await authorizationState(client, chain.asset.address, paid.payer.address, paid.authorization.nonce)).toBe(true)
  })

  test('cancelAuthorization: the nonce is used up and nothing moves', async () => {
    const { payments, actors } = sections()
    const paid = await payments.pay()
    await actors.cancelAuthorization(paid)
    expect(await authorizationState(client, chain.asset.address, paid.payer.address, paid.authorization.nonce)).toBe(true)
    expect(await balanceOf(client, chain.asset.address, paid.payer.address)).toBe(1_000_000n)
  })

  test('smartWallet: deployed or counterfactual, funded, signed for by its owner', async () => {
    const { actors } = sections()
    const deployed = await actors.smartWallet({ deployed: true, fund: 7n })
    expect(await client.getCode({ address: deployed.payer.address })).toMatch(/^0x[0-9a-f]{2,}$/)
    expect(await balanceOf(client, chain.asset.address, deployed.payer.address)).toBe(7n)
    const counterfactual = await actors.smartWallet({ deployed: false, fund: 0n })
    expect(await client.getCode({ address: counterfactual.payer.address })).toBeUndefined()
    const wrapped = counterfactual.wrap6492(`0x${'11'.repeat(65)}`)
    expect([isErc6492Signature(wrapped), wrapped.endsWith(erc6492MagicSuffix)]).toEqual([true, true])
  })

  test('fundToken: another token than the asset', async () => {
    const { payments, onChain } = sections()
    const payer = await payments.payer(0n)
    await onChain.fundToken(chain.contracts.tokenB, payer.address, 9n)
    expect(await balanceOf(client, chain.contracts.tokenB, payer.address)).toBe(9n)
    expect(await balanceOf(client, chain.asset.address, payer.address)).toBe(0n)
  })

  describe('errors', () => {
    test("the harness's own transaction failing is an error of the suite", async () => {
      const { payments, actors } = sections()
      const paid = await payments.pay()
      await actors.cancelAuthorization(paid)
      await expect(actors.cancelAuthorization(paid)).rejects.toThrow(SuiteError)
      const bad = await payments.pay()
      bad.requirements = { ...bad.requirements, asset: '0x1234' }
      await expect(actors.frontRun(bad)).rejects.toThrow(
        expect.objectContaining({ name: 'SuiteError', shortMessage: 'the harness could not front-run the authorization' }),
      )
    })

    test('ledger: a verdict stays a verdict; a crash of the harness is an error of the suite', async () => {
      const { payments, onChain } = sections()
      const paid = await payments.pay()
      const before = await onChain.ledger.snapshot(paid)
      await expect(onChain.ledger.expectPaid(before)).rejects.toThrow(CaseFailure)
      const mangled = { ...paid, payer: { ...paid.payer, address: '0xABC' as Address } }
      await expect(onChain.ledger.snapshot(mangled)).rejects.toThrow(SuiteError)
    })

    test('a chain without the ERC-6492 factory: not applicable', async () => {
      const { actors } = sections({ chain: { ...session.chain, contracts: {} } })
      await expect(actors.smartWallet({ deployed: false })).rejects.toThrow(CaseSkip)
    })
  })
})
