import type { Address, Hex } from 'viem'
import { describe, expect, test } from 'vitest'
import { hashTransferAuthorization } from '../../src/evm/hashTransferAuthorization.js'
import { recoverSigner } from '../../src/evm/recoverSigner.js'
import type { Case, Role, Version } from '../case.js'
import { deriveSigner } from './builders.js'
import { SuiteError } from './errors.js'
import { CaseSkip } from './failure.js'
import { createPayments } from './payments.js'
import { createScope } from './scope.js'
import type { ServerOffer, Session } from './session.js'
import type { Domain, Paid } from './types.js'

const asset = { address: '0x036CbD53842c5426634e7929541eC2318f3dCF7e' as Address, name: 'USDC', version: '2', decimals: 6 }
const offer: ServerOffer = {
  url: 'http://127.0.0.1:9/paid',
  requirements: {
    scheme: 'exact',
    network: 'eip155:84532',
    amount: '500',
    asset: asset.address,
    payTo: '0x00000000000000000000000000000000000000cc',
  },
  resource: { url: 'http://127.0.0.1:9/paid' },
  challenge: {} as ServerOffer['challenge'],
}

function paymentsFor(role: Role, version: Version, o: { networkV1?: string | null; offers?: boolean } = {}) {
  const funded: [Address, bigint][] = []
  const session = {
    seed: 11,
    chain: {
      chainId: 84532,
      network: 'eip155:84532',
      networkV1: o.networkV1 === undefined ? 'base-sepolia' : o.networkV1,
      asset,
    },
    offers: new Map(o.offers === false ? [] : [[version, offer]]),
    fund: async (to: Address, amount: bigint) => void funded.push([to, amount]),
  } as unknown as Session
  // The scope reads only the case's id and role.
  const kase = { id: `${role}.payments.test`, role } as Case
  return {
    payments: createPayments(createScope(session, kase, version, { transcript: [], ledger: [], info: [], warnings: [] }, false)),
    funded,
  }
}

const signerOf = (paid: Pick<Paid, 'domain' | 'authorization' | 'signature'>) =>
  recoverSigner(hashTransferAuthorization(paid.domain, paid.authorization), paid.signature as Hex)

describe('createPayments', () => {
  test('default: a v2 payment signed by a fresh funded payer, for a fresh recipient', async () => {
    const { payments, funded } = paymentsFor('facilitator', 2)
    const paid = await payments.pay()
    expect(funded).toEqual([[paid.payer.address, 1_000_000n]])
    expect(signerOf(paid)).toEqual({ ok: true, address: paid.payer.address.toLowerCase() })
    expect(paid.payload).toMatchObject({ x402Version: 2, accepted: paid.requirements, payload: { signature: paid.signature } })
    expect(paid.payload['resource']).toMatchObject({ url: payments.resourceUrl })
    expect(paid.requirements).toMatchObject({
      amount: '10000',
      payTo: payments.payTo,
      asset: asset.address,
      network: 'eip155:84532',
    })
    expect(paid.domain).toEqual({ name: 'USDC', version: '2', chainId: 84532, verifyingContract: asset.address })
  })

  test('args: v1 wire names', async () => {
    const { payments } = paymentsFor('facilitator', 1)
    const paid = await payments.pay({ requirements: payments.requirements({ amount: 7n }) })
    expect(paid.requirements).toMatchObject({ maxAmountRequired: '7', network: 'base-sepolia' })
    expect(paid.payload).toMatchObject({ x402Version: 1, scheme: 'exact', network: 'base-sepolia' })
    expect(paid.amount).toBe(7n)
  })

  test('args: signWith, authorization, domain, wire', async () => {
    const { payments } = paymentsFor('facilitator', 2)
    const other = deriveSigner(1, 'other')
    const domain: Partial<Domain> = { name: 'Not USDC' }
    const paid = await payments.pay({ signWith: other, authorization: { value: 3n }, domain, wire: { resource: undefined } })
    expect(signerOf(paid)).toEqual({ ok: true, address: other.address.toLowerCase() })
    expect([paid.authorization.value, paid.domain.name, 'resource' in paid.payload]).toEqual([3n, 'Not USDC', false])
  })

  test('sign: with the key of a payer of the case', async () => {
    const { payments } = paymentsFor('facilitator', 2)
    const payer = await payments.payer(0n)
    const authorization = {
      from: payer.address,
      to: payments.payTo,
      value: 1n,
      validAfter: 0n,
      validBefore: 9n,
      nonce: `0x${'11'.repeat(32)}` as Hex,
    }
    const signature = await payments.sign(authorization)
    const domain = { name: 'USDC', version: '2', chainId: 84532, verifyingContract: asset.address }
    expect(signerOf({ domain, authorization, signature })).toEqual({ ok: true, address: payer.address.toLowerCase() })
  })

  test('server role: requirements and payTo come from the offer', () => {
    const { payments } = paymentsFor('server', 2)
    expect(payments.payTo).toBe(offer.requirements['payTo'])
    expect(payments.resourceUrl).toBe(offer.url)
    expect(payments.requirements({ amount: 9n })).toEqual({ ...offer.requirements, amount: '9' })
  })

  describe('errors', () => {
    test('sign without a key is an error of the suite', async () => {
      const { payments } = paymentsFor('facilitator', 2)
      const from = deriveSigner(1, 'stranger').address
      const authorization = { from, to: from, value: 1n, validAfter: 0n, validBefore: 9n, nonce: `0x${'00'.repeat(32)}` as Hex }
      expect(() => payments.sign(authorization)).toThrow(SuiteError)
    })

    test('not applicable: no v1 network name, no server offer', () => {
      expect(() => paymentsFor('facilitator', 1, { networkV1: null }).payments.requirements()).toThrow(CaseSkip)
      expect(() => paymentsFor('server', 2, { offers: false }).payments.requirements()).toThrow(CaseSkip)
    })
  })
})
