import { schemaIds } from '../../../src/codecs/schemaIds.js'
import { validateAgainstSchema } from '../../../src/codecs/validateAgainstSchema.js'
import { defineCase } from '../../case.js'
import type { Version } from '../../case.js'
import type { TestContext, Wire } from '../../context/types.js'
import { amountField, setRequirement, wireAuthorization, wireInner } from '../helpers.js'
import { afterSigning, refusalCase, settlesCase } from './judge.js'
import type { PaymentRow, RefusalRow } from './judge.js'

const without = (o: Wire, key: string): Wire => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key))
const assetDomain = (t: TestContext) => ({ name: t.chain.asset.name, version: t.chain.asset.version })

/**
 * Harmless variations: a conforming peer sends them (unknown members, null for absent, lower-case
 * addresses, non-ASCII text); a facilitator that refuses them, or verifies and then cannot settle,
 * leaves that peer unable to pay (interop). Judged by the ledger after settling.
 */
const harmless: readonly PaymentRow[] = [
  {
    id: 'facilitator.envelopes.unknown-member',
    clause: 'envelopes.open-objects',
    level: 'MUST',
    harm: 'interop',
    title: 'a payload and requirements with unknown extra members verify and settle',
    make: (t) =>
      t.pay({ requirements: t.requirements({ wire: { futureMember: { any: 'thing' } } }), wire: { anotherFutureMember: 42 } }),
  },
  {
    id: 'facilitator.envelopes.extra-unknown-member',
    clause: 'envelopes.open-members',
    level: 'MUST',
    harm: 'interop',
    title: 'requirements whose extra carries unknown members verify and settle',
    make: (t) => t.pay({ requirements: t.requirements({ extra: { ...assetDomain(t), note: 'ignored' } }) }),
  },
  {
    id: 'facilitator.envelopes.null-optional',
    clause: 'envelopes.null-as-absent',
    level: 'MUST',
    harm: 'interop',
    versions: [1],
    title: "a v1 requirement with outputSchema null (the v1 text's own example) verifies and settles",
    make: (t) => t.pay({ requirements: t.requirements({ wire: { outputSchema: null } }) }),
  },
  {
    id: 'facilitator.envelopes.null-extensions',
    clause: 'envelopes.null-as-absent',
    level: 'SHOULD',
    harm: 'hygiene',
    versions: [2],
    title: 'a v2 payload with extensions null verifies and settles like one without it',
    make: (t) => t.pay({ wire: { extensions: null } }),
  },
  {
    id: 'facilitator.envelopes.utf8-description',
    clause: 'envelopes.json',
    level: 'MUST',
    harm: 'interop',
    versions: [1],
    title: 'requirements with a non-ASCII description (日本語, emoji) verify and settle',
    make: (t) => t.pay({ requirements: t.requirements({ wire: { description: '天気予報 ☀️ — prévisions' } }) }),
  },
  {
    id: 'facilitator.envelopes.address-lowercase',
    clause: 'envelopes.format.address',
    level: 'MUST',
    harm: 'interop',
    title: 'authorization addresses in lower case (no EIP-55 checksum) verify and settle',
    make: afterSigning((paid) => {
      const auth = wireAuthorization(paid)
      auth['from'] = String(auth['from']).toLowerCase()
      auth['to'] = String(auth['to']).toLowerCase()
    }),
  },
  {
    id: 'facilitator.envelopes.accepted-copy-unknown-members',
    clause: 'envelopes.v2.accepted-copy',
    level: 'MUST',
    harm: 'interop',
    versions: [2],
    title: "an accepted copy carrying the offer's unknown members verifies and settles",
    make: (t) =>
      t.pay({ requirements: t.requirements({ wire: { serverHint: 'kept' }, extra: { ...assetDomain(t), tier: 'gold' } }) }),
  },
]

/**
 * Malformed envelopes. The signature binds the six authorization fields, so a lenient reader either
 * recovers the signed payment (lossless) or fails the signature: no consequence is shown, hence
 * hygiene. A 5xx on any of them is judged by `facilitator.verification.no-5xx-invalid`.
 */
const malformed = (row: Omit<RefusalRow, 'level' | 'harm' | 'reasons'> & { reasons?: RefusalRow['reasons'] }): RefusalRow => ({
  level: 'SHOULD',
  harm: 'hygiene',
  reasons: ['invalid_payload'],
  ...row,
})

export const rows: readonly RefusalRow[] = [
  malformed({
    id: 'facilitator.envelopes.version-string',
    clause: 'envelopes.version',
    title: 'an x402Version written as a string is rejected',
    make: afterSigning((paid, t) => void (paid.payload = { ...paid.payload, x402Version: String(t.version) })),
  }),
  malformed({
    id: 'facilitator.envelopes.version-zero',
    clause: 'exact-evm.verify.version',
    title: 'a payment payload with x402Version 0 is rejected',
    make: afterSigning((paid) => void (paid.payload = { ...paid.payload, x402Version: 0 })),
  }),
  malformed({
    id: 'facilitator.envelopes.closed-authorization',
    clause: 'envelopes.closed-exact-evm',
    title: 'an authorization with an unlisted member is rejected',
    make: afterSigning((paid) => void (wireAuthorization(paid)['memo'] = 'extra')),
  }),
  malformed({
    id: 'facilitator.envelopes.closed-payload',
    clause: 'exact-evm.payload.shape',
    title: 'an exact-EVM payload with a member besides signature and authorization is rejected',
    make: afterSigning((paid) => void (wireInner(paid)['extra'] = 'member')),
  }),
  malformed({
    id: 'facilitator.envelopes.authorization-missing-nonce',
    clause: 'exact-evm.payload.authorization',
    title: 'an authorization without nonce is rejected',
    make: afterSigning((paid) => void delete wireAuthorization(paid)['nonce']),
  }),
  malformed({
    id: 'facilitator.envelopes.valid-before-exponent',
    clause: 'envelopes.format.timestamp',
    title: 'a validBefore written in exponent notation is rejected',
    make: afterSigning((paid) => void (wireAuthorization(paid)['validBefore'] = '1e12')),
  }),
  malformed({
    id: 'facilitator.envelopes.nonce-31-bytes',
    clause: 'envelopes.format.bytes32',
    title: 'a nonce of 31 bytes is rejected',
    make: afterSigning((paid) => void (wireAuthorization(paid)['nonce'] = String(wireAuthorization(paid)['nonce']).slice(0, 64))),
  }),
  malformed({
    id: 'facilitator.envelopes.nonce-no-prefix',
    clause: 'exact-evm.typed-data.wire-integers',
    title: 'a nonce without its 0x prefix is rejected',
    make: afterSigning((paid) => void (wireAuthorization(paid)['nonce'] = String(wireAuthorization(paid)['nonce']).slice(2))),
  }),
  malformed({
    id: 'facilitator.envelopes.signature-odd-length',
    clause: 'envelopes.format.hex-bytes',
    title: 'a signature with an odd number of hex digits is rejected',
    make: afterSigning((paid) => void (wireInner(paid)['signature'] = `${String(wireInner(paid)['signature'])}0`)),
    reasons: ['invalid_payload', 'invalid_signature'],
  }),
  malformed({
    id: 'facilitator.envelopes.network-not-caip2',
    clause: 'envelopes.format.caip2',
    versions: [2],
    title: 'a v2 network that is not CAIP-2 ("base-sepolia") is rejected',
    make: afterSigning((paid) => setRequirement(paid, 'network', 'base-sepolia')),
    reasons: ['invalid_payload', 'network'],
  }),
  malformed({
    id: 'facilitator.envelopes.network-v1-empty',
    clause: 'envelopes.format.v1-network',
    versions: [1],
    title: 'a v1 network that is empty is rejected',
    make: afterSigning((paid) => {
      setRequirement(paid, 'network', '')
      paid.payload = { ...paid.payload, network: '' }
    }),
    reasons: ['invalid_payload', 'network'],
  }),
  malformed({
    id: 'facilitator.envelopes.timeout-zero',
    clause: 'envelopes.format.timeout',
    title: 'maxTimeoutSeconds 0 is rejected',
    make: afterSigning((paid) => setRequirement(paid, 'maxTimeoutSeconds', 0)),
  }),
  malformed({
    id: 'facilitator.envelopes.timeout-fraction',
    clause: 'envelopes.format.timeout',
    title: 'maxTimeoutSeconds 1.5 is rejected',
    make: afterSigning((paid) => setRequirement(paid, 'maxTimeoutSeconds', 1.5)),
  }),
  malformed({
    id: 'facilitator.envelopes.v1-requirements-no-resource',
    clause: 'envelopes.v1.payment-requirements',
    versions: [1],
    title: 'v1 requirements without resource are rejected',
    make: afterSigning((paid) => void (paid.requirements = without(paid.requirements, 'resource'))),
  }),
  malformed({
    id: 'facilitator.envelopes.v1-payload-no-scheme',
    clause: 'envelopes.v1.payment-payload',
    versions: [1],
    title: 'a v1 payment payload without scheme is rejected',
    make: afterSigning((paid) => void (paid.payload = without(paid.payload, 'scheme'))),
  }),
  malformed({
    id: 'facilitator.envelopes.v1-request-v2-payload',
    clause: 'envelopes.v1.verify-request',
    versions: [1],
    title: 'a v1 request carrying requirements in v2 form (amount, no maxAmountRequired) is rejected',
    make: afterSigning((paid) => {
      paid.requirements = { ...without(paid.requirements, 'maxAmountRequired'), amount: paid.requirements['maxAmountRequired'] }
    }),
  }),
  malformed({
    id: 'facilitator.envelopes.v2-requirements-no-timeout',
    clause: 'envelopes.v2.payment-requirements',
    versions: [2],
    title: 'v2 requirements without maxTimeoutSeconds are rejected',
    make: afterSigning((paid) => void (paid.requirements = without(paid.requirements, 'maxTimeoutSeconds'))),
  }),
  malformed({
    id: 'facilitator.envelopes.v2-payload-no-accepted',
    clause: 'envelopes.v2.payment-payload',
    versions: [2],
    title: 'a v2 payment payload without accepted is rejected',
    make: afterSigning((paid) => void (paid.payload = without(paid.payload, 'accepted'))),
  }),
  malformed({
    id: 'facilitator.envelopes.v2-resource-no-url',
    clause: 'envelopes.v2.resource-info',
    versions: [2],
    title: 'a v2 payload whose resource has no url is rejected',
    make: afterSigning((paid) => void (paid.payload = { ...paid.payload, resource: { description: 'no url' } })),
  }),
  malformed({
    id: 'facilitator.envelopes.v2-request-v1-requirements',
    clause: 'envelopes.v2.verify-request',
    versions: [2],
    title: 'a v2 request carrying requirements in v1 form (maxAmountRequired) is rejected',
    make: afterSigning((paid) => {
      paid.requirements = { ...without(paid.requirements, 'amount'), maxAmountRequired: paid.requirements['amount'] }
    }),
  }),
  malformed({
    id: 'facilitator.envelopes.requirements-no-pay-to',
    clause: 'exact-evm.verify.requirements-shape',
    title: 'requirements without payTo are rejected',
    make: afterSigning((paid) => void (paid.requirements = without(paid.requirements, 'payTo'))),
  }),
  malformed({
    id: 'facilitator.envelopes.amount-field-garbage',
    clause: 'envelopes.format.uint256',
    title: 'requirements whose amount is not a decimal string are rejected',
    make: afterSigning((paid) => setRequirement(paid, amountField(paid), '10000 USDC')),
  }),
]

/** The /verify and /settle answers, for a success and for a failure, match the version's response schema. */
const answerSchemas = [
  { id: 'facilitator.envelopes.verify-response-v1', clause: 'envelopes.v1.verify-response', kind: 'verify', version: 1 },
  { id: 'facilitator.envelopes.verify-response-v2', clause: 'envelopes.v2.verify-response', kind: 'verify', version: 2 },
  { id: 'facilitator.envelopes.settle-response-v1', clause: 'envelopes.v1.settle-response', kind: 'settle', version: 1 },
  { id: 'facilitator.envelopes.settle-response-v2', clause: 'envelopes.v2.settle-response', kind: 'settle', version: 2 },
] as const

const answerSchemaCase = (row: (typeof answerSchemas)[number]) =>
  defineCase({
    id: row.id,
    clause: row.clause,
    level: 'MUST',
    // upstream resource servers parse these answers with their schema: a mismatch leaves them unable to transact
    harm: 'interop',
    role: 'facilitator',
    versions: [row.version as Version],
    title: `v${row.version} /${row.kind} answers, valid and invalid, match the v${row.version} ${row.kind}-response schema`,
    run: async (t) => {
      const ids = row.version === 1 ? schemaIds.v1 : schemaIds.v2
      const schema = row.kind === 'verify' ? ids.verifyResponse : ids.settleResponse
      for (const paid of [await t.pay(), await t.pay({ authorization: { value: 1n } })]) {
        const o = row.kind === 'verify' ? await t.verify(paid) : await t.settle(paid)
        const { valid, errors } = validateAgainstSchema(schema, o.body)
        const problems = errors.map((e) => `${e.pointer} ${e.message}`).join('; ')
        t.check(valid, `${o.ok === true ? 'a success' : 'a failure'} does not match ${schema}: ${problems}`, { body: o.body })
      }
    },
  })

export const cases = [...answerSchemas.map(answerSchemaCase), ...harmless.map(settlesCase), ...rows.map(refusalCase)]
