import { defineCase } from '../../case.js'
import type { Wire } from '../../context/types.js'
import { expectRejectedEverywhere, setRequirement } from '../helpers.js'

export const cases = [
  defineCase({
    id: 'facilitator.match.recipient',
    clause: 'exact-evm.verify.recipient',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'an authorization paying someone other than payTo is rejected',
    run: async (t) => {
      const paid = await t.pay({ authorization: { to: '0x000000000000000000000000000000000000dEaD' } })
      await expectRejectedEverywhere(t, paid, 'recipient_mismatch')
    },
  }),
  defineCase({
    id: 'facilitator.match.recipient-requirements-swapped',
    clause: 'exact-evm.verify.recipient',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a payment checked against requirements with another payTo is rejected',
    run: async (t) => {
      const paid = await t.pay()
      paid.requirements = { ...paid.requirements, payTo: '0x000000000000000000000000000000000000dEaD' }
      await expectRejectedEverywhere(t, paid, ['recipient_mismatch', 'requirements_mismatch'])
    },
  }),
  defineCase({
    id: 'facilitator.match.asset-other-token',
    clause: 'exact-evm.verify.asset',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a payment signed for another token than the required asset is rejected',
    run: async (t) => {
      const tokenB = t.chain.contracts['tokenB'] ?? t.skip('the chain has no second token')
      const paid = await t.pay({ domain: { verifyingContract: tokenB } })
      if (paid.version === 2) paid.payload = { ...paid.payload, accepted: { ...(paid.payload['accepted'] as Wire), asset: tokenB } }
      await expectRejectedEverywhere(t, paid, ['asset_mismatch', 'requirements_mismatch', 'invalid_signature', 'domain'])
    },
  }),
  defineCase({
    id: 'facilitator.match.network-payload',
    clause: 'exact-evm.verify.network-match',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a payment whose network differs from the requirements is rejected',
    run: async (t) => {
      const paid = await t.pay()
      if (paid.version === 1) paid.payload = { ...paid.payload, network: 'base' }
      else paid.payload = { ...paid.payload, accepted: { ...(paid.payload['accepted'] as Wire), network: 'eip155:8453' } }
      await expectRejectedEverywhere(t, paid, ['network', 'requirements_mismatch'])
    },
  }),
  defineCase({
    id: 'facilitator.match.scheme-payload',
    clause: 'exact-evm.verify.scheme-match',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a payment whose scheme differs from the requirements is rejected',
    run: async (t) => {
      const paid = await t.pay()
      if (paid.version === 1) paid.payload = { ...paid.payload, scheme: 'upto' }
      else paid.payload = { ...paid.payload, accepted: { ...(paid.payload['accepted'] as Wire), scheme: 'upto' } }
      await expectRejectedEverywhere(t, paid, ['network', 'requirements_mismatch', 'invalid_payload'])
    },
  }),
  defineCase({
    id: 'facilitator.match.unsupported-scheme',
    clause: 'exact-evm.verify.scheme-supported',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'requirements for a scheme the facilitator does not implement are answered unsupported',
    run: async (t) => {
      const paid = await t.pay()
      setRequirement(paid, 'scheme', 'upto')
      if (paid.version === 1) paid.payload = { ...paid.payload, scheme: 'upto' }
      await expectRejectedEverywhere(t, paid, ['network', 'invalid_payload'])
    },
  }),
  defineCase({
    id: 'facilitator.match.foreign-network',
    clause: 'facilitator.verify.own-kind',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'requirements for a network other than the facilitator chain are answered invalid_network',
    run: async (t) => {
      const paid = await t.pay()
      const other = paid.version === 1 ? 'base' : 'eip155:8453'
      setRequirement(paid, 'network', other)
      if (paid.version === 1) paid.payload = { ...paid.payload, network: other }
      await expectRejectedEverywhere(t, paid, 'network')
    },
  }),
  defineCase({
    id: 'facilitator.match.accepted-differs',
    clause: 'exact-evm.verify.accepted-match',
    level: 'MUST',
    role: 'facilitator',
    versions: [2],
    title: 'a v2 payment whose accepted differs from the requirements (maxTimeoutSeconds) is rejected',
    run: async (t) => {
      const paid = await t.pay()
      paid.payload = { ...paid.payload, accepted: { ...(paid.payload['accepted'] as Wire), maxTimeoutSeconds: 3_600 } }
      await expectRejectedEverywhere(t, paid, ['requirements_mismatch', 'invalid_payload'])
    },
  }),
  defineCase({
    id: 'facilitator.match.address-case',
    clause: 'exact-evm.verify.accepted-match',
    level: 'MUST',
    role: 'facilitator',
    versions: [2],
    title: 'addresses differing only in letter case between accepted and requirements still verify',
    run: async (t) => {
      const paid = await t.pay()
      const accepted = paid.payload['accepted'] as Wire
      paid.payload = { ...paid.payload, accepted: { ...accepted, payTo: String(accepted['payTo']).toLowerCase(), asset: String(accepted['asset']).toLowerCase() } }
      t.expectValid(await t.verify(paid))
    },
  }),
]
