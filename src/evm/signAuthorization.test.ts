import { recoverTypedDataAddress, verifyTypedData } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { expect, test } from 'vitest'
import { transferWithAuthorizationTypes } from './constants.js'
import { getTransferTypedData } from './getTransferTypedData.js'
import { signAuthorization } from './signAuthorization.js'
import { toWireAuthorization } from './toTransferAuthorization.js'
import { verifyPaymentOffline } from './verifyPaymentOffline.js'

// anvil's second public test key
const account = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const domain = {
  name: 'USDC',
  version: '2',
  chainId: 84532,
  verifyingContract: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
} as const
const authorization = {
  from: account.address,
  to: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
  value: 10_000n,
  validAfter: 1_740_672_089n,
  validBefore: 1_740_672_154n,
  nonce: '0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480',
} as const
const requirements = {
  scheme: 'exact',
  network: 'eip155:84532',
  amount: '10000',
  asset: domain.verifyingContract,
  payTo: authorization.to,
  maxTimeoutSeconds: 65,
  extra: { name: 'USDC', version: '2' },
}

test('known vector: a fixed key, domain and authorization give a fixed signature', async () => {
  expect(await signAuthorization({ account, domain, authorization })).toMatchInlineSnapshot(
    `"0xeae36c169c193ec4791b48a3d469bd0ff9f9b2edef5c1349bedcd0c501c3cff2006d0788285d4a884321fabe5a8428887c3581a82f1b32eeb2ea1011413746901c"`,
  )
})

test('a signature made here recovers with plain viem', async () => {
  const signature = await signAuthorization({ account, domain, authorization })
  const typedData = getTransferTypedData({
    chainId: domain.chainId,
    asset: domain.verifyingContract,
    name: domain.name,
    version: domain.version,
    authorization,
  })
  expect(await recoverTypedDataAddress({ ...typedData, signature })).toBe(account.address)
  expect(await verifyTypedData({ ...typedData, address: account.address, signature })).toBe(true)
})

test('a signature made by plain viem verifies here', async () => {
  const signature = await account.signTypedData({
    domain,
    types: transferWithAuthorizationTypes,
    primaryType: 'TransferWithAuthorization',
    message: authorization,
  })
  const paymentPayload = {
    x402Version: 2,
    accepted: requirements,
    payload: { signature, authorization: toWireAuthorization(authorization) },
  }
  expect(verifyPaymentOffline({ paymentPayload, paymentRequirements: requirements, now: 1_740_672_100 })).toEqual({
    isValid: true,
    payer: account.address,
  })
})

test('signs deliberately wrong domains too (and they do not verify)', async () => {
  const signature = await signAuthorization({ account, domain: { ...domain, name: 'Not USDC' }, authorization })
  const paymentPayload = {
    x402Version: 2,
    accepted: requirements,
    payload: { signature, authorization: toWireAuthorization(authorization) },
  }
  expect(verifyPaymentOffline({ paymentPayload, paymentRequirements: requirements, now: 1_740_672_100 })).toMatchObject({
    isValid: false,
    invalidReason: 'invalid_exact_evm_payload_signature',
    deferred: true,
  })
})
