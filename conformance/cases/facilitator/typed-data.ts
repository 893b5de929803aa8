import { privateKeyToAccount } from 'viem/accounts'
import { transferWithAuthorizationTypes } from '../../../src/evm/constants.js'
import { findEvmNetwork } from '../../../src/networks/registry.js'
import type { Domain, Paid, TestContext } from '../../context/types.js'
import { wireInner } from '../helpers.js'
import { afterSigning, refusalCase, settlesCase } from './judge.js'
import type { RefusalRow } from './judge.js'

const fields = transferWithAuthorizationTypes.TransferWithAuthorization

/** Re-signs the payment's authorization as other typed data (primary type, domain fields). */
const resign = (primaryType: string, domain: (paid: Paid) => Partial<Domain>) =>
  afterSigning(async (paid) => {
    wireInner(paid)['signature'] = await privateKeyToAccount(paid.payer.privateKey).signTypedData({
      domain: domain(paid),
      types: { [primaryType]: fields },
      primaryType,
      message: paid.authorization,
    })
  })

export const rows: readonly RefusalRow[] = [
  {
    id: 'facilitator.typed-data.receive-with-authorization',
    clause: 'exact-evm.typed-data.primary-type',
    level: 'MUST',
    // the token refuses it: a facilitator that broadcasts it pays for a revert anyone can trigger
    harm: 'funds',
    title: 'a signature over ReceiveWithAuthorization (same fields, other primary type) is never settled',
    make: resign('ReceiveWithAuthorization', (paid) => paid.domain),
    reasons: ['invalid_signature'],
  },
  {
    id: 'facilitator.typed-data.domain-without-chain-id',
    clause: 'exact-evm.typed-data.domain',
    level: 'MUST',
    harm: 'funds',
    title: 'a signature over a domain without chainId (three fields) is never settled',
    make: resign('TransferWithAuthorization', ({ domain: { name, version, verifyingContract } }) => ({
      name,
      version,
      verifyingContract,
    })),
    reasons: ['invalid_signature'],
  },
  {
    id: 'facilitator.typed-data.token-domain-mismatch',
    clause: 'exact-evm.verify.token-domain',
    level: 'MUST',
    harm: 'funds',
    title: 'requirements naming an EIP-712 name the token does not have (signed consistently) are never settled',
    make: (t) =>
      t.pay({
        requirements: t.requirements({ extra: { name: `${t.chain.asset.name} Impostor`, version: t.chain.asset.version } }),
      }),
    reasons: ['domain', 'transaction_failed', 'invalid_signature'],
  },
  {
    id: 'facilitator.typed-data.no-domain-for-unknown-asset',
    clause: 'exact-evm.verify.domain',
    level: 'SHOULD',
    // a facilitator that reads the domain from the token instead settles exactly what was signed
    harm: 'hygiene',
    title: 'requirements without extra for a token that is not the network default are rejected (no domain)',
    make: (t: TestContext) => {
      const tokenB = t.chain.contracts['tokenB'] ?? t.skip('the chain has no second token')
      return t.pay({ requirements: t.requirements({ asset: tokenB, extra: undefined }), domain: { verifyingContract: tokenB } })
    },
    reasons: ['domain', 'invalid_payload'],
  },
]

export const cases = [
  ...rows.map(refusalCase),
  settlesCase({
    id: 'facilitator.typed-data.default-domain',
    clause: 'exact-evm.typed-data.domain-source',
    level: 'SHOULD',
    // upstream resource servers always send extra for the default USDC: no peer is shown to omit it
    harm: 'hygiene',
    title: "requirements without extra for the network's default USDC verify and settle with the default EIP-712 domain",
    make: (t) => {
      const found = findEvmNetwork(t.chain.chainId)?.defaultAsset
      const isDefault = found?.address.toLowerCase() === t.chain.asset.address.toLowerCase()
      const def = (isDefault ? found : undefined) ?? t.skip('the chain asset is not the network default')
      return t.pay({ requirements: t.requirements({ extra: undefined }), domain: { name: def.name, version: def.version } })
    },
  }),
]
