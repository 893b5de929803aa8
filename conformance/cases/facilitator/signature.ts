import { defineCase } from '../../case.js'
import type { Paid, TestContext } from '../../context/types.js'
import { amountField, expectRejectedEverywhere, setRequirement, wireAuthorization, wireInner } from '../helpers.js'

const secp256k1n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
const badSignature = ['invalid_signature'] as const
const badSignatureOrDomain = ['invalid_signature', 'domain'] as const

/** A signed field changed on the wire after signing (the requirements adjusted so only the signature is wrong). */
const tampered = (field: string, title: string, change: (t: TestContext, paid: Paid) => Promise<void> | void) =>
  defineCase({
    id: `facilitator.signature.tampered-${field}`,
    clause: 'exact-evm.verify.signature',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title,
    run: async (t) => {
      const paid = await t.pay()
      await change(t, paid)
      await expectRejectedEverywhere(t, paid, badSignature)
    },
  })

/** A correct authorization signed over a wrong EIP-712 domain. */
const wrongDomain = (name: string, title: string, domain: (t: TestContext) => Record<string, unknown>) =>
  defineCase({
    id: `facilitator.signature.domain-${name}`,
    clause: 'exact-evm.verify.signature',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title,
    run: async (t) => {
      const paid = await t.pay({ domain: domain(t) })
      await expectRejectedEverywhere(t, paid, badSignatureOrDomain)
    },
  })

/** The signature bytes replaced on the wire. */
const rawSignature = (name: string, title: string, make: (sig: string) => string) =>
  defineCase({
    id: `facilitator.signature.${name}`,
    clause: 'exact-evm.verify.signature',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title,
    run: async (t) => {
      const paid = await t.pay()
      wireInner(paid)['signature'] = make(String(wireInner(paid)['signature']))
      await expectRejectedEverywhere(t, paid, ['invalid_signature', 'invalid_payload'])
    },
  })

export const cases = [
  defineCase({
    id: 'facilitator.signature.wrong-signer',
    clause: 'exact-evm.verify.signature',
    level: 'MUST',
    role: 'facilitator',
    versions: [1, 2],
    title: 'an authorization from the payer signed by another key is rejected',
    run: async (t) => {
      const thief = await t.payer(0n)
      const paid = await t.pay({ signWith: thief })
      await expectRejectedEverywhere(t, paid, badSignature)
    },
  }),
  tampered('value', 'a value changed after signing (requirements changed to match) is rejected', (_t, paid) => {
    wireAuthorization(paid)['value'] = '20000'
    setRequirement(paid, amountField(paid), '20000')
  }),
  tampered('to', 'a recipient changed after signing (requirements changed to match) is rejected', (t, paid) => {
    const other = '0x000000000000000000000000000000000000dEaD'
    wireAuthorization(paid)['to'] = other
    setRequirement(paid, 'payTo', other)
    void t
  }),
  tampered('from', 'a from changed after signing to another funded payer is rejected', async (t, paid) => {
    const victim = await t.payer()
    wireAuthorization(paid)['from'] = victim.address
  }),
  tampered('nonce', 'a nonce changed after signing is rejected', (_t, paid) => {
    wireAuthorization(paid)['nonce'] = `0x${'11'.repeat(32)}`
  }),
  tampered('valid-before', 'a validBefore changed after signing is rejected', (_t, paid) => {
    wireAuthorization(paid)['validBefore'] = (paid.authorization.validBefore - 1n).toString()
  }),
  tampered('valid-after', 'a validAfter changed after signing is rejected', (_t, paid) => {
    wireAuthorization(paid)['validAfter'] = (paid.authorization.validAfter - 1n).toString()
  }),
  wrongDomain('chain-id', 'a signature over another chain id is rejected', () => ({ chainId: 1 })),
  wrongDomain('verifying-contract', 'a signature naming another token as verifying contract is rejected', (t) => ({ verifyingContract: t.chain.contracts['tokenB'] ?? '0x000000000000000000000000000000000000bEEF' })),
  wrongDomain('name', 'a signature over another EIP-712 domain name is rejected', (t) => ({ name: `${t.chain.asset.name} Fake` })),
  wrongDomain('version', 'a signature over another EIP-712 domain version is rejected', (t) => ({ version: `${t.chain.asset.version}9` })),
  rawSignature('length-64', 'a 64-byte signature is rejected', (sig) => sig.slice(0, 2 + 128)),
  rawSignature('length-66', 'a 66-byte signature (an extra byte) is rejected', (sig) => `${sig}00`),
  rawSignature('empty', 'an empty signature ("0x") is rejected', () => '0x'),
  rawSignature('not-hex', 'a signature that is not hex is rejected', (sig) => `0x${'zz'.repeat((sig.length - 2) / 2)}`),
  rawSignature('zero', 'an all-zero 65-byte signature is rejected', () => `0x${'00'.repeat(65)}`),
  rawSignature('high-s', 'the high-s twin of a valid signature (same signer, malleated) is rejected', (sig) => {
    const r = sig.slice(2, 66)
    const s = BigInt(`0x${sig.slice(66, 130)}`)
    const v = parseInt(sig.slice(130, 132), 16)
    const flipped = v === 27 ? 28 : v === 28 ? 27 : v ^ 1
    return `0x${r}${(secp256k1n - s).toString(16).padStart(64, '0')}${flipped.toString(16).padStart(2, '0')}`
  }),
  defineCase({
    id: 'facilitator.signature.v-zero-one',
    clause: 'exact-evm.verify.signature',
    level: 'INFO',
    role: 'facilitator',
    versions: [1, 2],
    title: 'a signature with v as 0/1 instead of 27/28: the verdict is reported',
    run: async (t) => {
      const paid = await t.pay()
      const sig = String(wireInner(paid)['signature'])
      const v = parseInt(sig.slice(130, 132), 16)
      wireInner(paid)['signature'] = `${sig.slice(0, 130)}${(v - 27).toString(16).padStart(2, '0')}`
      const outcome = await t.verify(paid)
      t.info(`v=${v - 27}: ${outcome.ok === true ? 'accepted (normalised)' : `rejected (${outcome.reason ?? outcome.status})`}`)
      if (outcome.ok === true) {
        const s = await t.settle(paid)
        t.check(s.ok === true, `verify accepted v=${v - 27} but settle failed (${s.reason ?? s.status}): verify and settle disagree`)
      }
    },
  }),
]
