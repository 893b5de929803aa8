import { formatUnits } from 'viem'
import { evmNetworks, findDefaultAsset, findEvmNetwork } from '../../src/networks/registry.js'
import type { Version } from '../case.js'
import { probeChecks as c } from './checks.js'
import type { Observation } from './observe.js'
import { skipped, verdict, type Verdict } from './verdict.js'

/** One exact-EVM offer of a challenge, as sent (members that are not strings are left to the schema check). */
export type Offer = {
  readonly label: string
  readonly network: string
  readonly amount: string | undefined
  readonly asset: string | undefined
  readonly payTo: string | undefined
  readonly maxTimeoutSeconds: unknown
  readonly extra: { name?: unknown; version?: unknown } | undefined
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined)

/** The exact offers on EVM networks of a decoded challenge (v2: `eip155:*`; v1: every name but Solana's). */
export function exactEvmOffers(value: unknown, version: Version): Offer[] {
  const accepts = (value as { accepts?: unknown } | undefined)?.accepts
  if (!Array.isArray(accepts)) return []
  return accepts.flatMap((a: Record<string, unknown> | null, i) => {
    if (a === null || typeof a !== 'object') return []
    const network = str(a['network'])
    if (a['scheme'] !== 'exact' || network === undefined) return []
    if (version === 2 ? !network.startsWith('eip155:') : network.startsWith('solana')) return []
    const extra = typeof a['extra'] === 'object' && a['extra'] !== null ? (a['extra'] as Offer['extra']) : undefined
    const amount = str(version === 2 ? a['amount'] : a['maxAmountRequired'])
    return [
      {
        label: `accepts[${i}]`,
        network,
        amount,
        asset: str(a['asset']),
        payTo: str(a['payTo']),
        maxTimeoutSeconds: a['maxTimeoutSeconds'],
        extra,
      },
    ]
  })
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()
const atomic = /^(0|[1-9][0-9]*)$/
/** Above this many whole tokens of a known token, a decimals mistake is likelier than the price. */
export const plausibleWholeTokens = 1_000n

function networkProblems(o: Offer, version: Version): string[] {
  const found = findEvmNetwork(o.network)
  if (version === 2 || found?.v1Name === o.network) return found ? [] : [`${o.label}: network ${o.network} is not one x402 lists`]
  const hint = found?.v1Name ? ` (its v1 name is ${found.v1Name})` : ''
  return [`${o.label}: network ${JSON.stringify(o.network)} is not a v1 network name x402 lists${hint}`]
}

function assetOfNetwork(o: Offer): string[] {
  if (o.asset === undefined || findDefaultAsset(o.network, o.asset)) return []
  const here = findEvmNetwork(o.network)
  const owners = evmNetworks.filter((n) => n.defaultAsset && same(n.defaultAsset.address, o.asset!))
  if (owners.length === 0) return []
  const kind = (testnet: boolean) => (testnet ? 'testnet' : 'mainnet')
  const owner = owners.find((n) => here === undefined || n.testnet !== here.testnet) ?? owners[0]!
  const mix = here && owner.testnet !== here.testnet ? ` (a ${kind(owner.testnet)} asset on a ${kind(here.testnet)} network)` : ''
  return [
    `${o.label}: asset ${o.asset} is the ${owner.defaultAsset!.symbol} of ${owner.name}, not of ${here?.name ?? o.network}${mix}`,
  ]
}

function assetContract(o: Offer): string[] {
  if (o.asset === undefined || findDefaultAsset(o.network, o.asset)) return []
  if (!/^0x[0-9a-fA-F]{40}$/.test(o.asset)) return [`${o.label}: asset ${o.asset} is not an EVM address`]
  return BigInt(o.asset) < 0x10000n
    ? [`${o.label}: asset ${o.asset} is the zero address or a precompile, not a token contract`]
    : []
}

function amountProblems(o: Offer, info: string[]): string[] {
  if (o.amount === undefined) return []
  if (!atomic.test(o.amount)) return [`${o.label}: amount ${JSON.stringify(o.amount)} is not an atomic integer`]
  const token = o.asset === undefined ? undefined : findDefaultAsset(o.network, o.asset)
  const where = findEvmNetwork(o.network)?.name ?? o.network
  const value = BigInt(o.amount)
  if (token)
    info.push(
      `${o.label}: ${formatUnits(value, token.decimals)} ${token.symbol} (${o.amount} atomic units) on ${where} to ${o.payTo}`,
    )
  else info.push(`${o.label}: ${o.amount} atomic units of token ${o.asset} (decimals unknown) on ${where} to ${o.payTo}`)
  if (value === 0n) return [`${o.label}: amount 0 (an exact payment of nothing)`]
  if (token && value > plausibleWholeTokens * 10n ** BigInt(token.decimals)) {
    return [
      `${o.label}: amount ${o.amount} is ${formatUnits(value, token.decimals)} ${token.symbol}: ` +
        `check the token's ${token.decimals} decimals`,
    ]
  }
  return []
}

function domainProblems(o: Offer): string[] {
  const name = o.extra?.name
  const version = o.extra?.version
  const token = o.asset === undefined ? undefined : findDefaultAsset(o.network, o.asset)
  if (!token) {
    const complete = typeof name === 'string' && name !== '' && typeof version === 'string' && version !== ''
    return complete
      ? []
      : [`${o.label}: the token ${o.asset} is not a known default asset and extra lacks its EIP-712 name and version`]
  }
  const problems: string[] = []
  if (name !== undefined && name !== token.name)
    problems.push(`${o.label}: extra.name ${JSON.stringify(name)} ≠ the token's ${JSON.stringify(token.name)}`)
  if (version !== undefined && version !== token.version) {
    problems.push(`${o.label}: extra.version ${JSON.stringify(version)} ≠ the token's ${JSON.stringify(token.version)}`)
  }
  return problems
}

/** The network, asset, amount and EIP-712 domain of every exact-EVM offer, per claimed version. */
export function offerVerdicts(o: Observation): Verdict[] {
  const out: Verdict[] = []
  for (const [version, read] of o.challenges) {
    const offers = exactEvmOffers(read.value, version)
    const checks = [version === 2 ? c.v2Network : c.v1Network, c.assetOfNetwork, c.assetContract, c.amount, c.domain]
    if (offers.length === 0) {
      for (const check of checks) out.push(skipped(check, version, 'the challenge has no exact offer on an EVM network'))
      continue
    }
    const info: string[] = []
    const each = (f: (offer: Offer) => string[]) => offers.flatMap(f)
    out.push(
      verdict(
        checks[0]!,
        version,
        each((offer) => networkProblems(offer, version)),
        [o.get],
      ),
    )
    out.push(verdict(c.assetOfNetwork, version, each(assetOfNetwork), [o.get]))
    out.push(verdict(c.assetContract, version, each(assetContract), [o.get]))
    out.push(
      verdict(
        c.amount,
        version,
        each((offer) => amountProblems(offer, info)),
        [o.get],
        info,
      ),
    )
    out.push(verdict(c.domain, version, each(domainProblems), [o.get]))
  }
  return out
}
