import { validateAgainstSchema } from '../../../src/codecs/validateAgainstSchema.js'
import { schemaIds } from '../../../src/codecs/schemaIds.js'
import { defineCase } from '../../case.js'
import type { Level } from '../../case.js'
import type { Paid, TestContext, Wire } from '../../context/types.js'
import { amountField, expectRejectedEverywhere, setRequirement, wireAuthorization, wireInner } from '../helpers.js'

/** A malformed envelope member: rejected by verify and settle (invalid_payload class), nothing moves. */
const rejects = (name: string, clause: string, versions: (1 | 2)[], title: string, change: (t: TestContext, paid: Paid) => void | Promise<void>, categories: readonly string[] = ['invalid_payload']) =>
  defineCase({
    id: `facilitator.envelopes.${name}`,
    clause,
    level: 'MUST',
    role: 'facilitator',
    versions,
    title,
    run: async (t) => {
      const paid = await t.pay()
      await change(t, paid)
      await expectRejectedEverywhere(t, paid, categories as never)
    },
  })

/** A harmless variation of a correct payment that still verifies. */
const accepts = (name: string, clause: string, versions: (1 | 2)[], title: string, make: (t: TestContext) => Promise<Paid>, level: Level = 'MUST') =>
  defineCase({
    id: `facilitator.envelopes.${name}`,
    clause,
    level,
    role: 'facilitator',
    versions,
    title,
    run: async (t) => {
      const paid = await make(t)
      t.expectValid(await t.verify(paid))
    },
  })

/** Answers of /verify and /settle match the version's response schema, for a success and a failure. */
const responseSchema = (kind: 'verify' | 'settle', v: 1 | 2) =>
  defineCase({
    id: `facilitator.envelopes.${kind}-response-v${v}`,
    clause: `envelopes.v${v}.${kind}-response`,
    level: 'MUST',
    role: 'facilitator',
    versions: [v],
    title: `v${v} /${kind} answers, valid and invalid, match the v${v} ${kind}-response schema`,
    run: async (t) => {
      const id = v === 1 ? schemaIds.v1 : schemaIds.v2
      const schema = kind === 'verify' ? id.verifyResponse : id.settleResponse
      const good = await t.pay()
      const bad = await t.pay({ authorization: { value: 1n } })
      for (const paid of [good, bad]) {
        const o = kind === 'verify' ? await t.verify(paid) : await t.settle(paid)
        const { valid, errors } = validateAgainstSchema(schema, o.body)
        t.check(valid, `${o.ok === true ? 'a success' : 'a failure'} does not match ${schema}: ${errors.map((e) => `${e.pointer} ${e.message}`).join('; ')}`, { body: o.body })
      }
    },
  })

const dropKey = (o: Wire, key: string): Wire => {
  const copy = { ...o }
  delete copy[key]
  return copy
}

export const cases = [
  responseSchema('verify', 1),
  responseSchema('verify', 2),
  responseSchema('settle', 1),
  responseSchema('settle', 2),
  rejects('version-string', 'envelopes.version', [1, 2], 'an x402Version written as a string is rejected', (t, paid) => {
    paid.payload = { ...paid.payload, x402Version: String(t.version) }
  }),
  rejects('version-zero', 'exact-evm.verify.version', [1, 2], 'a payment payload with x402Version 0 is rejected', (_t, paid) => {
    paid.payload = { ...paid.payload, x402Version: 0 }
  }),
  accepts('unknown-member', 'envelopes.open-objects', [1, 2], 'a payload and requirements with unknown extra members still verify', async (t) => {
    const paid = await t.pay({ requirements: t.requirements({ wire: { futureMember: { any: 'thing' } } }), wire: { anotherFutureMember: 42 } })
    return paid
  }),
  accepts('extra-unknown-member', 'envelopes.open-members', [1, 2], 'requirements whose extra carries unknown members still verify', async (t) =>
    t.pay({ requirements: t.requirements({ extra: { name: t.chain.asset.name, version: t.chain.asset.version, note: 'ignored' } }) }),
  ),
  accepts('null-optional', 'envelopes.null-as-absent', [1], 'a v1 requirement with outputSchema null verifies like one without it', async (t) =>
    t.pay({ requirements: t.requirements({ wire: { outputSchema: null } }) }),
  ),
  accepts('null-extensions', 'envelopes.null-as-absent', [2], 'a v2 payload with extensions null verifies like one without it', async (t) => t.pay({ wire: { extensions: null } }), 'SHOULD'),
  accepts('utf8-description', 'envelopes.json', [1], 'requirements with a non-ASCII description (日本語, emoji) verify', async (t) =>
    t.pay({ requirements: t.requirements({ wire: { description: '天気予報 ☀️ — prévisions' } }) }),
  ),
  accepts('address-lowercase', 'envelopes.format.address', [1, 2], 'addresses in lower case (no EIP-55 checksum) verify', async (t) => {
    const paid = await t.pay()
    const auth = wireAuthorization(paid)
    auth['from'] = String(auth['from']).toLowerCase()
    auth['to'] = String(auth['to']).toLowerCase()
    return paid
  }),
  rejects('closed-authorization', 'envelopes.closed-exact-evm', [1, 2], 'an authorization with an unlisted member is rejected', (_t, paid) => {
    wireAuthorization(paid)['memo'] = 'extra'
  }),
  rejects('closed-payload', 'exact-evm.payload.shape', [1, 2], 'an exact-EVM payload with a member besides signature and authorization is rejected', (_t, paid) => {
    wireInner(paid)['extra'] = 'member'
  }),
  rejects('authorization-missing-nonce', 'exact-evm.payload.authorization', [1, 2], 'an authorization without nonce is rejected', (_t, paid) => {
    delete wireAuthorization(paid)['nonce']
  }),
  rejects('valid-before-exponent', 'envelopes.format.timestamp', [1, 2], 'a validBefore written in exponent notation is rejected', (_t, paid) => {
    wireAuthorization(paid)['validBefore'] = '1e12'
  }),
  rejects('nonce-31-bytes', 'envelopes.format.bytes32', [1, 2], 'a nonce of 31 bytes is rejected', (_t, paid) => {
    wireAuthorization(paid)['nonce'] = String(wireAuthorization(paid)['nonce']).slice(0, 64)
  }),
  rejects('nonce-no-prefix', 'exact-evm.typed-data.wire-integers', [1, 2], 'a nonce without its 0x prefix is rejected', (_t, paid) => {
    wireAuthorization(paid)['nonce'] = String(wireAuthorization(paid)['nonce']).slice(2)
  }),
  rejects('signature-odd-length', 'envelopes.format.hex-bytes', [1, 2], 'a signature with an odd number of hex digits is rejected', (_t, paid) => {
    wireInner(paid)['signature'] = `${String(wireInner(paid)['signature'])}0`
  }, ['invalid_payload', 'invalid_signature']),
  rejects('network-not-caip2', 'envelopes.format.caip2', [2], 'a v2 network that is not CAIP-2 ("base-sepolia") is rejected', (_t, paid) => {
    setRequirement(paid, 'network', 'base-sepolia')
  }, ['invalid_payload', 'network']),
  rejects('network-v1-empty', 'envelopes.format.v1-network', [1], 'a v1 network that is empty is rejected', (_t, paid) => {
    setRequirement(paid, 'network', '')
    paid.payload = { ...paid.payload, network: '' }
  }, ['invalid_payload', 'network']),
  rejects('timeout-zero', 'envelopes.format.timeout', [1, 2], 'maxTimeoutSeconds 0 is rejected', (_t, paid) => {
    setRequirement(paid, 'maxTimeoutSeconds', 0)
  }),
  rejects('timeout-fraction', 'envelopes.format.timeout', [1, 2], 'maxTimeoutSeconds 1.5 is rejected', (_t, paid) => {
    setRequirement(paid, 'maxTimeoutSeconds', 1.5)
  }),
  rejects('v1-requirements-no-resource', 'envelopes.v1.payment-requirements', [1], 'v1 requirements without resource are rejected', (_t, paid) => {
    paid.requirements = dropKey(paid.requirements, 'resource')
  }),
  rejects('v1-payload-no-scheme', 'envelopes.v1.payment-payload', [1], 'a v1 payment payload without scheme is rejected', (_t, paid) => {
    paid.payload = dropKey(paid.payload, 'scheme')
  }),
  rejects('v1-request-v2-payload', 'envelopes.v1.verify-request', [1], 'a v1 request carrying requirements in v2 form (amount, no maxAmountRequired) is rejected', (_t, paid) => {
    const amount = paid.requirements['maxAmountRequired']
    paid.requirements = { ...dropKey(paid.requirements, 'maxAmountRequired'), amount }
  }),
  rejects('v2-requirements-no-timeout', 'envelopes.v2.payment-requirements', [2], 'v2 requirements without maxTimeoutSeconds are rejected', (_t, paid) => {
    paid.requirements = dropKey(paid.requirements, 'maxTimeoutSeconds')
  }),
  rejects('v2-payload-no-accepted', 'envelopes.v2.payment-payload', [2], 'a v2 payment payload without accepted is rejected', (_t, paid) => {
    paid.payload = dropKey(paid.payload, 'accepted')
  }),
  rejects('v2-resource-no-url', 'envelopes.v2.resource-info', [2], 'a v2 payload whose resource has no url is rejected', (_t, paid) => {
    paid.payload = { ...paid.payload, resource: { description: 'no url' } }
  }),
  rejects('v2-request-v1-requirements', 'envelopes.v2.verify-request', [2], 'a v2 request carrying requirements in v1 form (maxAmountRequired) is rejected', (_t, paid) => {
    const amount = paid.requirements['amount']
    paid.requirements = { ...dropKey(paid.requirements, 'amount'), maxAmountRequired: amount }
  }),
  rejects('requirements-no-pay-to', 'exact-evm.verify.requirements-shape', [1, 2], 'requirements without payTo are rejected', (_t, paid) => {
    paid.requirements = dropKey(paid.requirements, 'payTo')
  }),
  rejects('amount-field-garbage', 'envelopes.format.uint256', [1, 2], 'requirements whose amount is not a decimal string are rejected', (_t, paid) => {
    setRequirement(paid, amountField(paid), '10000 USDC')
  }),
  accepts('accepted-copy-unknown-members', 'envelopes.v2.accepted-copy', [2], 'an accepted copy carrying the offer\'s unknown members verifies', async (t) =>
    t.pay({ requirements: t.requirements({ wire: { serverHint: 'kept' }, extra: { name: t.chain.asset.name, version: t.chain.asset.version, tier: 'gold' } }) }),
  ),
]
