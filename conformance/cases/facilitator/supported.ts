import { validateAgainstSchema } from '../../../src/codecs/validateAgainstSchema.js'
import { schemaIds } from '../../../src/codecs/schemaIds.js'
import { defineCase } from '../../case.js'
import { expectVerifiedAndSettled } from './judge.js'

type Kind = { x402Version?: unknown; scheme?: unknown; network?: unknown }
const kindsOf = (body: unknown): Kind[] => {
  const kinds = (body as { kinds?: unknown } | undefined)?.kinds
  return Array.isArray(kinds) ? (kinds.filter((k) => typeof k === 'object' && k !== null) as Kind[]) : []
}

export const cases = [
  defineCase({
    id: 'facilitator.supported.shape',
    clause: 'facilitator.supported.shape',
    level: 'SHOULD',
    // upstream SDKs fill absent extensions and signers with empty defaults
    harm: 'hygiene',
    role: 'facilitator',
    versions: [2],
    title: 'GET /supported answers kinds, extensions and signers matching the schema',
    run: async (t) => {
      const x = await t.supported()
      t.check(x.status === 200, `GET /supported answered ${x.status}`)
      const { valid, errors } = validateAgainstSchema(schemaIds.v2.supportedResponse, x.body)
      t.check(
        valid,
        `the /supported answer does not match its schema: ${errors.map((e) => `${e.pointer} ${e.message}`).join('; ')}`,
        { body: x.body },
      )
      const body = x.body as Record<string, unknown>
      t.check(Array.isArray(body['extensions']), '/supported has no extensions array', { body })
      t.check(typeof body['signers'] === 'object' && body['signers'] !== null, '/supported has no signers object', { body })
    },
  }),
  defineCase({
    id: 'facilitator.supported.kinds-network-forms',
    clause: 'facilitator.supported.kinds',
    level: 'MUST',
    // an upstream resource server offers only kinds its facilitator lists, matched by network string
    harm: 'interop',
    role: 'facilitator',
    versions: [1, 2],
    title: 'each advertised kind names its network in the form of its version (CAIP-2 for v2, a v1 name for v1)',
    run: async (t) => {
      const x = await t.supported()
      const kinds = kindsOf(x.body).filter((k) => k.x402Version === t.version)
      t.check(kinds.length > 0, `no v${t.version} kind advertised`)
      for (const k of kinds) {
        const caip = typeof k.network === 'string' && /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/.test(k.network)
        t.check(t.version === 2 ? caip : !caip, `v${t.version} kind with network '${String(k.network)}'`, { kind: k })
      }
      const own = kinds.some((k) => k.scheme === 'exact' && (k.network === t.chain.network || k.network === t.chain.networkV1))
      t.check(own, `no exact kind for the harness chain (${t.version === 2 ? t.chain.network : t.chain.networkV1})`, { kinds })
    },
  }),
  defineCase({
    id: 'facilitator.supported.signers',
    clause: 'facilitator.supported.signers',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'facilitator',
    versions: [2],
    title: 'signers lists the address that broadcasts settlements, and settlements come from it',
    run: async (t) => {
      const x = await t.supported()
      const signers = (x.body as { signers?: Record<string, unknown> } | undefined)?.signers ?? {}
      const list = [
        ...(Array.isArray(signers['eip155:*']) ? signers['eip155:*'] : []),
        ...(Array.isArray(signers[t.chain.network]) ? (signers[t.chain.network] as unknown[]) : []),
      ]
      t.check(
        list.length > 0 && list.every((a) => typeof a === 'string' && /^0x[0-9a-fA-F]{40}$/.test(a)),
        'signers["eip155:*"] lists no address',
        { signers },
      )
      const paid = await t.pay()
      const s = await t.settle(paid)
      t.expectSettled(s)
      const tx = await t.chain.client.getTransaction({ hash: s.transaction as `0x${string}` })
      t.check(
        list.some((a) => String(a).toLowerCase() === tx.from.toLowerCase()),
        `the settlement was sent by ${tx.from}, not an advertised signer`,
        { signers: list },
      )
    },
  }),
  defineCase({
    id: 'facilitator.supported.consistent',
    clause: 'facilitator.supported.kinds',
    level: 'MUST',
    // a server that offers an advertised kind sees its payments refused
    harm: 'interop',
    role: 'facilitator',
    versions: [1, 2],
    title: 'every exact kind /supported lists for the harness chain, spelled as listed, verifies and settles a correct payment',
    run: async (t) => {
      const x = await t.supported()
      const own = [t.chain.network, t.chain.networkV1]
      const kinds = kindsOf(x.body).filter(
        (k) => k.x402Version === t.version && k.scheme === 'exact' && own.includes(k.network as string),
      )
      t.check(kinds.length > 0, `/supported lists no v${t.version} exact kind on the harness chain (${own.join(' or ')})`, {
        body: x.body,
      })
      for (const kind of kinds) {
        t.info(`listed: v${t.version} exact on ${String(kind.network)}`)
        await expectVerifiedAndSettled(t, await t.pay({ requirements: t.requirements({ network: String(kind.network) }) }))
      }
    },
  }),
  defineCase({
    id: 'facilitator.supported.envelope-v2',
    clause: 'envelopes.v2.supported-response',
    level: 'MUST',
    // upstream resource servers parse /supported with this schema at start-up
    harm: 'interop',
    role: 'facilitator',
    versions: [2],
    title: 'the /supported answer is a valid v2 supported-response envelope',
    run: async (t) => {
      const x = await t.supported()
      const { valid, errors } = validateAgainstSchema(schemaIds.v2.supportedResponse, x.body)
      t.check(valid, errors.map((e) => `${e.pointer} ${e.message}`).join('; '), { body: x.body })
    },
  }),
  defineCase({
    id: 'facilitator.supported.envelope-v1-kinds',
    clause: 'envelopes.v1.supported-response',
    level: 'MUST',
    // v1 resource servers parse the kinds with this schema
    harm: 'interop',
    role: 'facilitator',
    versions: [1],
    title: 'the v1 kinds of /supported form a valid v1 supported-response envelope',
    run: async (t) => {
      const x = await t.supported()
      const kinds = kindsOf(x.body).filter((k) => k.x402Version === 1)
      const { valid, errors } = validateAgainstSchema(schemaIds.v1.supportedResponse, { kinds })
      t.check(valid, errors.map((e) => `${e.pointer} ${e.message}`).join('; '), { kinds })
    },
  }),
]
