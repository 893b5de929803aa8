import { defaultAssetOf, findEvmNetwork } from '../../../src/networks/registry.js'
import type { Exchange } from '../../context/http.js'
import type { TestContext, Wire } from '../../context/types.js'
import { acceptsOf, challengeOf } from './helpers-server.js'
import { interop, onChallenge } from './challenge-rows.js'

/** The offers of the challenge: each field in a form a client can read and pay (chapter 1 formats). */

/** Every member of `value`, with its JSON pointer. */
function* members(value: unknown, pointer = ''): Generator<[string, unknown]> {
  if (typeof value !== 'object' || value === null) return
  for (const [k, v] of Object.entries(value)) {
    const p = `${pointer}/${k}`
    yield [p, v]
    yield* members(v, p)
  }
}

const addressPattern = /^0x[0-9a-fA-F]{40}$/
const caip2Pattern = /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/
const uint256Max = (1n << 256n) - 1n

/**
 * The EIP-712 domain a client signs for an offer: `extra` name/version, or (when absent) the default
 * asset's of the offer's network. Fails when the client could not know it or would sign a wrong one.
 */
export function checkOfferDomain(t: TestContext, offer: Wire): void {
  const extra = (offer['extra'] ?? {}) as Wire
  const token = `${t.chain.asset.name}/${t.chain.asset.version}`
  if (extra['name'] !== undefined || extra['version'] !== undefined) {
    const named = `${JSON.stringify(extra['name'])}/${JSON.stringify(extra['version'])}`
    t.check(
      extra['name'] === t.chain.asset.name && extra['version'] === t.chain.asset.version,
      `extra names ${named}, the token is ${token}`,
    )
    return
  }
  const fallback = defaultAssetOf(String(offer['network']))
  const isDefault = fallback !== undefined && fallback.address.toLowerCase() === String(offer['asset']).toLowerCase()
  t.check(
    isDefault,
    `the offer has no extra name/version and ${String(offer['asset'])} is not the default asset of ${String(offer['network'])}`,
    { offer },
  )
  t.check(
    fallback!.name === t.chain.asset.name && fallback!.version === t.chain.asset.version,
    `the network default's domain is not the token's ${token}`,
  )
  t.info("the offer has no extra name/version; the client falls back to the network default asset's domain")
}

const offersOf = (t: TestContext, res: Exchange) => acceptsOf(t.version, res).entries()

export const cases = [
  onChallenge({
    ...interop,
    id: 'server.challenge.amounts-canonical',
    clause: 'envelopes.format.uint256',
    versions: [1, 2],
    title: 'every offered amount is a decimal string within uint256',
    check: (t, res) => {
      const field = t.version === 1 ? 'maxAmountRequired' : 'amount'
      for (const [i, r] of offersOf(t, res)) {
        const a = r[field]
        t.check(
          typeof a === 'string' && /^[0-9]+$/.test(a) && BigInt(a) <= uint256Max,
          `accepts[${i}].${field} is ${JSON.stringify(a)}`,
        )
        if (typeof a === 'string' && /^0[0-9]/.test(a)) t.info(`accepts[${i}].${field} ${a} has a leading zero`)
      }
    },
  }),
  onChallenge({
    ...interop,
    id: 'server.challenge.addresses',
    clause: 'envelopes.format.address',
    versions: [1, 2],
    title: 'every offer on an EVM network has EVM addresses as payTo and asset',
    check: (t, res) => {
      for (const [i, r] of offersOf(t, res)) {
        const evm =
          typeof r['network'] === 'string' && (r['network'].startsWith('eip155:') || findEvmNetwork(r['network']) !== undefined)
        if (!evm) continue
        for (const k of ['payTo', 'asset'])
          t.check(typeof r[k] === 'string' && addressPattern.test(r[k]), `accepts[${i}].${k} is ${JSON.stringify(r[k])}`)
      }
    },
  }),
  onChallenge({
    ...interop,
    id: 'server.challenge.v2-networks-caip2',
    clause: 'envelopes.format.caip2',
    versions: [2],
    title: 'every v2 offer names its network as a CAIP-2 id',
    check: (t, res) => {
      for (const [i, r] of offersOf(t, res)) {
        t.check(
          typeof r['network'] === 'string' && caip2Pattern.test(r['network']),
          `accepts[${i}].network is ${JSON.stringify(r['network'])}`,
        )
      }
      t.check(
        acceptsOf(2, res).some((r) => r['network'] === t.chain.network),
        `no v2 offer names the chain as ${t.chain.network}`,
      )
    },
  }),
  onChallenge({
    ...interop,
    id: 'server.challenge.v1-networks-names',
    clause: 'envelopes.format.v1-network',
    versions: [1],
    title: 'every v1 offer names its network by its v1 name, not a CAIP-2 id',
    check: (t, res) => {
      for (const [i, r] of offersOf(t, res)) {
        const n = r['network']
        t.check(typeof n === 'string' && n !== '' && !n.includes(':'), `accepts[${i}].network is ${JSON.stringify(n)}`)
      }
      t.check(
        acceptsOf(1, res).some((r) => r['network'] === t.chain.networkV1),
        `no v1 offer names the chain as ${String(t.chain.networkV1)}`,
      )
    },
  }),
  onChallenge({
    ...interop,
    id: 'server.challenge.timeout-integer',
    clause: 'envelopes.format.timeout',
    versions: [1, 2],
    title: 'every offer has an integer maxTimeoutSeconds of at least 1',
    check: (t, res) => {
      for (const [i, r] of offersOf(t, res)) {
        const s = r['maxTimeoutSeconds']
        t.check(Number.isSafeInteger(s) && (s as number) >= 1, `accepts[${i}].maxTimeoutSeconds is ${JSON.stringify(s)}`)
      }
    },
  }),
  onChallenge({
    ...interop,
    id: 'server.challenge.no-null-members',
    clause: 'envelopes.omit-absent',
    versions: [1, 2],
    title: 'the challenge omits absent optional members instead of sending null (x402-fetch 1.2 rejects null)',
    check: (t, res) => {
      const nulls = [...members(challengeOf(t.version, res))].filter(([, v]) => v === null).map(([p]) => p)
      t.check(nulls.length === 0, `the challenge sends null at ${nulls.join(', ')}`)
    },
  }),
  onChallenge({
    ...interop,
    id: 'server.challenge.domain-extra',
    clause: 'exact-evm.typed-data.domain-source',
    versions: [1, 2],
    title: "the offer for the chain's asset names the token's EIP-712 domain in extra, or prices in the network's default asset",
    check: (t, res) => {
      const asset = t.chain.asset.address.toLowerCase()
      const offer = acceptsOf(t.version, res).find((r) => String(r['asset']).toLowerCase() === asset)
      checkOfferDomain(t, offer ?? t.fail(`no offer prices in the chain's asset ${t.chain.asset.address}`))
    },
  }),
]
