import type { Paid, Wire } from '../../context/types.js'
import { setRequirement } from '../helpers.js'
import { afterSigning, refusalCase, settlesCase } from './judge.js'
import type { RefusalRow } from './judge.js'

const dead = '0x000000000000000000000000000000000000dEaD'

/** Replaces members of the v2 `accepted` copy. */
const setAccepted = (paid: Paid, members: Wire) => {
  paid.payload = { ...paid.payload, accepted: { ...(paid.payload['accepted'] as Wire), ...members } }
}

/**
 * Funds rows: settling would pay someone else, in another token or on another chain than the
 * requirements say. Hygiene rows: the payment itself is what the payer signed for the required terms,
 * only a label disagrees; a facilitator that settles it moves exactly the required money.
 */
export const rows: readonly RefusalRow[] = [
  {
    id: 'facilitator.match.recipient',
    clause: 'exact-evm.verify.recipient',
    level: 'MUST',
    harm: 'funds',
    title: 'an authorization paying someone other than payTo is never settled',
    make: (t) => t.pay({ authorization: { to: dead } }),
    reasons: ['recipient_mismatch'],
  },
  {
    id: 'facilitator.match.recipient-requirements-swapped',
    clause: 'exact-evm.verify.recipient',
    level: 'MUST',
    harm: 'funds',
    title: 'a payment checked against requirements with another payTo is never settled',
    make: afterSigning((paid) => void (paid.requirements = { ...paid.requirements, payTo: dead })),
    reasons: ['recipient_mismatch', 'requirements_mismatch'],
  },
  {
    id: 'facilitator.match.asset-other-token',
    clause: 'exact-evm.verify.asset',
    level: 'MUST',
    harm: 'funds',
    title: 'a payment signed for another token than the required asset is never settled',
    make: async (t) => {
      const tokenB = t.chain.contracts['tokenB'] ?? t.skip('the chain has no second token')
      const paid = await t.pay({ domain: { verifyingContract: tokenB } })
      if (paid.version === 2) setAccepted(paid, { asset: tokenB })
      return paid
    },
    reasons: ['asset_mismatch', 'requirements_mismatch', 'invalid_signature', 'domain'],
  },
  {
    id: 'facilitator.match.foreign-network',
    clause: 'facilitator.verify.own-kind',
    level: 'MUST',
    harm: 'funds',
    title: "requirements for another network than the facilitator's chain are never settled on its chain",
    make: afterSigning((paid) => {
      const other = paid.version === 1 ? 'base' : 'eip155:8453'
      setRequirement(paid, 'network', other)
      if (paid.version === 1) paid.payload = { ...paid.payload, network: other }
    }),
    reasons: ['network'],
  },
  {
    id: 'facilitator.match.network-payload',
    clause: 'exact-evm.verify.network-match',
    level: 'SHOULD',
    harm: 'hygiene',
    title: 'a payment whose network label differs from the requirements is rejected',
    make: afterSigning((paid) => {
      if (paid.version === 1) paid.payload = { ...paid.payload, network: 'base' }
      else setAccepted(paid, { network: 'eip155:8453' })
    }),
    reasons: ['network', 'requirements_mismatch'],
  },
  {
    id: 'facilitator.match.scheme-payload',
    clause: 'exact-evm.verify.scheme-match',
    level: 'SHOULD',
    harm: 'hygiene',
    title: 'a payment whose scheme label differs from the requirements is rejected',
    make: afterSigning((paid) => {
      if (paid.version === 1) paid.payload = { ...paid.payload, scheme: 'upto' }
      else setAccepted(paid, { scheme: 'upto' })
    }),
    reasons: ['network', 'requirements_mismatch', 'invalid_payload'],
  },
  {
    id: 'facilitator.match.unsupported-scheme',
    clause: 'exact-evm.verify.scheme-supported',
    level: 'SHOULD',
    harm: 'hygiene',
    title: 'requirements for a scheme the facilitator does not implement are answered unsupported',
    make: afterSigning((paid) => {
      setRequirement(paid, 'scheme', 'upto')
      if (paid.version === 1) paid.payload = { ...paid.payload, scheme: 'upto' }
    }),
    reasons: ['network', 'invalid_payload'],
  },
  {
    id: 'facilitator.match.accepted-differs',
    clause: 'exact-evm.verify.accepted-match',
    level: 'SHOULD',
    harm: 'hygiene',
    versions: [2],
    title: 'a v2 payment whose accepted differs from the requirements (maxTimeoutSeconds) is rejected',
    make: afterSigning((paid) => setAccepted(paid, { maxTimeoutSeconds: 3_600 })),
    reasons: ['requirements_mismatch', 'invalid_payload'],
  },
]

export const cases = [
  ...rows.map(refusalCase),
  settlesCase({
    id: 'facilitator.match.address-case',
    clause: 'exact-evm.verify.accepted-match',
    level: 'MUST',
    harm: 'interop',
    versions: [2],
    title: 'addresses differing only in letter case between accepted and requirements verify and settle',
    make: afterSigning((paid) => {
      const accepted = paid.payload['accepted'] as Wire
      setAccepted(paid, { payTo: String(accepted['payTo']).toLowerCase(), asset: String(accepted['asset']).toLowerCase() })
    }),
  }),
]
