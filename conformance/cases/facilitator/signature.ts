import { defineCase } from '../../case.js'
import type { Domain, TestContext } from '../../context/types.js'
import { amountField, setRequirement, wireAuthorization, wireInner } from '../helpers.js'
import { afterSigning, expectVerifiedAndSettled, noteReason, refusalCase, verifyRefusesCase } from './judge.js'
import type { RefusalRow } from './judge.js'

const secp256k1n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
const dead = '0x000000000000000000000000000000000000dEaD'

/** A correct authorization signed over another EIP-712 domain. */
const signedOver = (domain: (t: TestContext) => Partial<Domain>) => (t: TestContext) => t.pay({ domain: domain(t) })
/** The signature bytes replaced on the wire. */
const signatureBytes = (make: (sig: string) => string) =>
  afterSigning((paid) => void (wireInner(paid)['signature'] = make(String(wireInner(paid)['signature']))))

/** The high-s twin of a 65-byte signature: same signer, malleated (s → n − s, v flipped). */
function highS(sig: string): string {
  const s = BigInt(`0x${sig.slice(66, 130)}`)
  const v = parseInt(sig.slice(130, 132), 16)
  const flipped = v === 27 ? 28 : v === 28 ? 27 : v ^ 1
  return `0x${sig.slice(2, 66)}${(secp256k1n - s).toString(16).padStart(64, '0')}${flipped.toString(16).padStart(2, '0')}`
}

/**
 * A signature that does not authorize the transfer. Settling it would move the payer's money without
 * their consent, or broadcast a transaction the token reverts (gas anyone can make the facilitator
 * spend): funds. The rows that only reshape a signature the payer did make are hygiene.
 */
const forged = (row: Omit<RefusalRow, 'clause' | 'level' | 'harm' | 'reasons'>): RefusalRow => ({
  clause: 'exact-evm.verify.signature',
  level: 'MUST',
  harm: 'funds',
  reasons: ['invalid_signature', 'domain', 'invalid_payload'],
  ...row,
})

export const rows: readonly RefusalRow[] = [
  forged({
    id: 'facilitator.signature.wrong-signer',
    title: 'an authorization from the payer signed by another key is never settled',
    make: async (t) => t.pay({ signWith: await t.payer(0n) }),
  }),
  forged({
    id: 'facilitator.signature.tampered-value',
    title: 'a value changed after signing (requirements changed to match) is never settled',
    make: afterSigning((paid) => {
      wireAuthorization(paid)['value'] = '20000'
      setRequirement(paid, amountField(paid), '20000')
    }),
  }),
  forged({
    id: 'facilitator.signature.tampered-to',
    title: 'a recipient changed after signing (requirements changed to match) is never settled',
    make: afterSigning((paid) => {
      wireAuthorization(paid)['to'] = dead
      setRequirement(paid, 'payTo', dead)
    }),
  }),
  forged({
    id: 'facilitator.signature.tampered-from',
    title: 'a from changed after signing to another funded payer is never settled',
    make: afterSigning(async (paid, t) => void (wireAuthorization(paid)['from'] = (await t.payer()).address)),
  }),
  forged({
    id: 'facilitator.signature.tampered-nonce',
    title: 'a nonce changed after signing is never settled',
    make: afterSigning((paid) => void (wireAuthorization(paid)['nonce'] = `0x${'11'.repeat(32)}`)),
  }),
  forged({
    id: 'facilitator.signature.tampered-valid-before',
    title: 'a validBefore changed after signing is never settled',
    make: afterSigning(
      (paid) => void (wireAuthorization(paid)['validBefore'] = (paid.authorization.validBefore - 1n).toString()),
    ),
  }),
  forged({
    id: 'facilitator.signature.tampered-valid-after',
    title: 'a validAfter changed after signing is never settled',
    make: afterSigning((paid) => void (wireAuthorization(paid)['validAfter'] = (paid.authorization.validAfter - 1n).toString())),
  }),
  forged({
    id: 'facilitator.signature.domain-chain-id',
    title: 'a signature over another chain id is never settled',
    make: signedOver(() => ({ chainId: 1 })),
  }),
  forged({
    id: 'facilitator.signature.domain-verifying-contract',
    title: 'a signature naming another token as verifying contract is never settled',
    make: signedOver((t) => ({ verifyingContract: t.chain.contracts['tokenB'] ?? '0x000000000000000000000000000000000000bEEF' })),
  }),
  forged({
    id: 'facilitator.signature.domain-name',
    title: 'a signature over another EIP-712 domain name is never settled',
    make: signedOver((t) => ({ name: `${t.chain.asset.name} Fake` })),
  }),
  forged({
    id: 'facilitator.signature.domain-version',
    title: 'a signature over another EIP-712 domain version is never settled',
    make: signedOver((t) => ({ version: `${t.chain.asset.version}9` })),
  }),
  forged({
    id: 'facilitator.signature.empty',
    title: 'an empty signature ("0x") is never settled',
    make: signatureBytes(() => '0x'),
  }),
  forged({
    id: 'facilitator.signature.not-hex',
    title: 'a signature that is not hex is never settled',
    make: signatureBytes((sig) => `0x${'zz'.repeat((sig.length - 2) / 2)}`),
  }),
  forged({
    id: 'facilitator.signature.zero',
    title: 'an all-zero 65-byte signature is never settled',
    make: signatureBytes(() => `0x${'00'.repeat(65)}`),
  }),
  {
    id: 'facilitator.signature.high-s',
    clause: 'exact-evm.verify.signature',
    level: 'SHOULD',
    harm: 'hygiene',
    title: 'the high-s twin of a valid signature (same signer, malleated) is rejected',
    make: signatureBytes(highS),
    reasons: ['invalid_signature', 'invalid_payload'],
  },
  {
    id: 'facilitator.signature.length-64',
    clause: 'exact-evm.verify.signature',
    level: 'SHOULD',
    harm: 'hygiene',
    title: 'a 64-byte signature (v cut off) is rejected',
    make: signatureBytes((sig) => sig.slice(0, 2 + 128)),
    reasons: ['invalid_signature', 'invalid_payload'],
  },
  {
    id: 'facilitator.signature.length-66',
    clause: 'exact-evm.verify.signature',
    level: 'SHOULD',
    harm: 'hygiene',
    title: 'a 66-byte signature (an extra byte) is rejected',
    make: signatureBytes((sig) => `${sig}00`),
    reasons: ['invalid_signature', 'invalid_payload'],
  },
]

export const cases = [
  ...rows.map(refusalCase),
  verifyRefusesCase({
    id: 'facilitator.signature.verify-refuses-forgeries',
    title: 'verify never answers valid for a signature that does not authorize the transfer',
    stimuli: rows.filter((r) => r.level === 'MUST'),
  }),
  defineCase({
    id: 'facilitator.signature.v-zero-one',
    clause: 'exact-evm.verification.v-alias',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a signature with v as 0/1 instead of 27/28 is either refused or verified and then settled',
    run: async (t) => {
      const paid = await t.pay()
      const sig = String(wireInner(paid)['signature'])
      const v = parseInt(sig.slice(130, 132), 16) - 27
      wireInner(paid)['signature'] = `${sig.slice(0, 130)}${v.toString(16).padStart(2, '0')}`
      const verified = await t.verify(paid)
      if (verified.ok !== true) return noteReason(t, verified, ['invalid_signature', 'invalid_payload'])
      t.info(`v=${v} verified (read as ${v + 27}); it must then settle`)
      await expectVerifiedAndSettled(t, paid)
    },
  }),
]
