import { privateKeyToAccount } from 'viem/accounts'
import { findEvmNetwork } from '../../../src/networks/registry.js'
import { defineCase } from '../../case.js'
import { expectRejectedEverywhere, wireInner } from '../helpers.js'

const fields = [
  { name: 'from', type: 'address' },
  { name: 'to', type: 'address' },
  { name: 'value', type: 'uint256' },
  { name: 'validAfter', type: 'uint256' },
  { name: 'validBefore', type: 'uint256' },
  { name: 'nonce', type: 'bytes32' },
] as const

export const cases = [
  defineCase({
    id: 'facilitator.typed-data.receive-with-authorization',
    clause: 'exact-evm.typed-data.primary-type',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a signature over ReceiveWithAuthorization (same fields, other primary type) is rejected',
    run: async (t) => {
      const paid = await t.pay()
      wireInner(paid)['signature'] = await privateKeyToAccount(paid.payer.privateKey).signTypedData({
        domain: paid.domain,
        types: { ReceiveWithAuthorization: fields },
        primaryType: 'ReceiveWithAuthorization',
        message: paid.authorization,
      })
      await expectRejectedEverywhere(t, paid, ['invalid_signature'])
    },
  }),
  defineCase({
    id: 'facilitator.typed-data.domain-without-chain-id',
    clause: 'exact-evm.typed-data.domain',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a signature over a domain without chainId (three fields) is rejected',
    run: async (t) => {
      const paid = await t.pay()
      const { name, version, verifyingContract } = paid.domain
      wireInner(paid)['signature'] = await privateKeyToAccount(paid.payer.privateKey).signTypedData({
        domain: { name, version, verifyingContract },
        types: { TransferWithAuthorization: fields },
        primaryType: 'TransferWithAuthorization',
        message: paid.authorization,
      })
      await expectRejectedEverywhere(t, paid, ['invalid_signature'])
    },
  }),
  defineCase({
    id: 'facilitator.typed-data.default-domain',
    clause: 'exact-evm.typed-data.domain-source',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'requirements without extra for the network\'s default USDC verify with the default EIP-712 name and version',
    run: async (t) => {
      const def = findEvmNetwork(t.chain.chainId)?.defaultAsset
      if (!def || def.address.toLowerCase() !== t.chain.asset.address.toLowerCase()) t.skip('the chain asset is not the network default')
      const paid = await t.pay({ requirements: t.requirements({ extra: undefined }), domain: { name: def!.name, version: def!.version } })
      t.expectValid(await t.verify(paid))
    },
  }),
  defineCase({
    id: 'facilitator.typed-data.no-domain-for-unknown-asset',
    clause: 'exact-evm.verify.domain',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'requirements without extra for a token that is not the network default are rejected (no domain)',
    run: async (t) => {
      const tokenB = t.chain.contracts['tokenB'] ?? t.skip('the chain has no second token')
      const paid = await t.pay({ requirements: t.requirements({ asset: tokenB, extra: undefined }), domain: { verifyingContract: tokenB } })
      await expectRejectedEverywhere(t, paid, ['domain', 'invalid_payload'])
    },
  }),
  defineCase({
    id: 'facilitator.typed-data.token-domain-mismatch',
    clause: 'exact-evm.verify.token-domain',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'requirements naming an EIP-712 name the token does not have (signed consistently) are rejected',
    run: async (t) => {
      const name = `${t.chain.asset.name} Impostor`
      const paid = await t.pay({ requirements: t.requirements({ extra: { name, version: t.chain.asset.version } }) })
      await expectRejectedEverywhere(t, paid, ['domain', 'transaction_failed', 'invalid_signature'])
    },
  }),
]
