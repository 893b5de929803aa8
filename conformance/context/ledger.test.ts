import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { encodeFunctionData, keccak256, toHex, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { MockUSDC } from '../../contracts/artifacts/index.js'
import { startChain, type Chain } from '../../src/chain/index.js'
import { transferWithAuthorizationTypes } from '../../src/evm/constants.js'
import { CaseFailure } from './failure.js'
import { createLedger, type LedgerDelta } from './ledger.js'
import type { Paid } from './types.js'

let chain: Chain
beforeAll(async () => {
  chain = await startChain()
})
afterAll(async () => {
  await chain?.stop()
})

const types = transferWithAuthorizationTypes

/** A real signed authorization of `amount` from payers[index] to payTo, as the harness describes a payment. */
async function pay(index: number, amount: bigint, label: string): Promise<Paid> {
  const payer = chain.payers[index]!
  const t = (await chain.publicClient.getBlock()).timestamp
  const nonce = keccak256(toHex(label))
  const authorization = { from: payer.address, to: chain.payTo, value: amount, validAfter: 0n, validBefore: t + 600n, nonce }
  const { name, version, address: verifyingContract } = chain.asset
  const domain = { name, version, chainId: chain.chainId, verifyingContract }
  const message = authorization
  const signature = await privateKeyToAccount(payer.privateKey).signTypedData({
    domain,
    types,
    primaryType: 'TransferWithAuthorization',
    message,
  })
  const requirements = {
    scheme: 'exact',
    network: chain.network,
    amount: String(amount),
    asset: verifyingContract,
    payTo: chain.payTo,
  }
  return { version: 2, requirements, payload: {}, authorization, domain, signature, payer, amount } as unknown as Paid
}

/** Settles `paid` on chain from the facilitator account; resolves with the transaction hash. */
async function settle(paid: Paid): Promise<Hex> {
  const a = paid.authorization
  const args = [a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce, paid.signature as Hex] as const
  const data = encodeFunctionData({ abi: MockUSDC.abi, functionName: 'transferWithAuthorization', args })
  const hash = (await chain.publicClient.request({
    method: 'eth_sendTransaction',
    params: [{ from: chain.facilitator.address, to: chain.asset.address, data, gas: '0x30000' }],
  } as never)) as Hex
  await chain.publicClient.waitForTransactionReceipt({ hash })
  return hash
}

function ledger() {
  const deltas: LedgerDelta[] = []
  const oracle = createLedger({
    client: chain.publicClient,
    signer: chain.facilitator.address,
    exclusive: true,
    payToShared: false,
    record: (d) => deltas.push(d),
  })
  return { oracle, deltas }
}

describe('createLedger', () => {
  test('expectPaid: one settlement of the amount passes and records both deltas', async () => {
    const { oracle, deltas } = ledger()
    const paid = await pay(0, 1_234n, 'ledger paid')
    const before = await oracle.snapshot(paid)
    const hash = await settle(paid)
    await oracle.expectPaid(before, hash)
    expect(deltas.map((d) => [d.label, d.delta])).toEqual([
      ['payer', '-1234'],
      ['payTo', '1234'],
    ])
    expect(await oracle.signerTransactions(before)).toBe(1)
    expect(await oracle.transfersFrom(before)).toMatchObject([{ from: paid.payer.address, value: 1_234n, txHash: hash }])
  })

  test('expectUntouched: passes when nothing moved', async () => {
    const { oracle } = ledger()
    const before = await oracle.snapshot(await pay(1, 10n, 'ledger untouched'))
    await oracle.expectUntouched(before)
  })

  test('args: payTo and asset re-cased by the case (matching.address-case) are read at their checksum', async () => {
    const { oracle } = ledger()
    const paid = await pay(0, 321n, 'ledger re-cased')
    const upper = (a: string) => `0x${a.slice(2).toUpperCase()}`
    paid.requirements = { ...paid.requirements, payTo: upper(chain.payTo), asset: upper(chain.asset.address) }
    const before = await oracle.snapshot(paid)
    expect([before.payTo, before.asset]).toEqual([chain.payTo, chain.asset.address])
    await oracle.expectPaid(before, await settle(paid))
  })

  describe('errors', () => {
    test('expectUntouched after a settlement', async () => {
      const { oracle } = ledger()
      const paid = await pay(2, 50n, 'ledger moved')
      const before = await oracle.snapshot(paid)
      await settle(paid)
      const error = await oracle.expectUntouched(before).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(CaseFailure)
      expect((error as CaseFailure).shortMessage).toBe("the payer's balance moved by -50")
    })

    test('expectPaid with another transaction named', async () => {
      const { oracle } = ledger()
      const paid = await pay(3, 70n, 'ledger wrong tx')
      const before = await oracle.snapshot(paid)
      const hash = await settle(paid)
      const other = `0x${'ab'.repeat(32)}`
      const message = `the reported transaction ${other} is not the one that transferred (${hash})`
      await expect(oracle.expectPaid(before, other)).rejects.toThrow(message)
    })
  })
})
