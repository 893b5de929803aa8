import type { Version } from '../case.js'
import type { CaseResult } from '../runner.js'
import { addressVerdicts } from './addresses.js'
import { challengeVerdicts, resourceVerdicts } from './challenge.js'
import { probeCheckList, type ProbeCheck } from './checks.js'
import { headerVerdicts } from './headers.js'
import { observe, type Observation } from './observe.js'
import { offerVerdicts } from './offers.js'
import { statusVerdicts, variantVerdicts } from './status.js'
import { skipped, toResult, type Verdict } from './verdict.js'

/** Options of {@link probeUrls}. */
export type ProbeOptions = {
  /** SHOULD problems fail (as in `run --strict`). */
  readonly strict: boolean
  /** Require this version's challenge (default: check every version the 402 claims, require one). */
  readonly version?: Version | undefined
  /** Per request (default 10000). */
  readonly timeoutMs?: number
}

/** What the probe found: one result per check, version and URL; the URLs that did not answer at all. */
export type ProbeOutcome = {
  readonly results: CaseResult[]
  readonly unreachable: string[]
  readonly observations: Observation[]
}

/** The version that response-level checks (status, headers, variants) are reported under: the newest claimed. */
const primaryVersion = (o: Observation, required: Version | undefined): Version =>
  required ?? (o.challenges.has(2) || o.challenges.size === 0 ? 2 : 1)

const after402 = new Set<ProbeCheck>(probeCheckList.filter((c) => !c.id.startsWith('server.probe.status.')))

/** Every verdict about one observed URL (checks that need a 402 are skipped when there is none). */
export function verdictsOf(o: Observation, required: Version | undefined): Verdict[] {
  const version = primaryVersion(o, required)
  const status = statusVerdicts(o, version)
  if (o.get.status !== 402) {
    const reason = `GET answered ${o.get.status}, not 402: nothing to read`
    return [...status, ...[...after402].map((check) => skipped(check, version, reason))]
  }
  return [
    ...status,
    ...challengeVerdicts(o, required),
    ...resourceVerdicts(o),
    ...offerVerdicts(o),
    ...addressVerdicts(o),
    ...headerVerdicts(o, version),
    ...variantVerdicts(o, version),
  ]
}

/**
 * Probes paid URLs of a live endpoint without paying: GET, HEAD, OPTIONS, a trailing-slash and a
 * letter-case spelling, and the challenge's offers (spec/06-probe.md). A URL that does not answer at
 * all is listed in `unreachable` and has no results.
 *
 * @example
 * const { results } = await probeUrls(['https://api.example.com/paid'], { strict: false })
 */
export async function probeUrls(urls: readonly string[], options: ProbeOptions): Promise<ProbeOutcome> {
  const results: CaseResult[] = []
  const unreachable: string[] = []
  const observations: Observation[] = []
  for (const url of urls) {
    const o = await observe(url, options.timeoutMs ?? 10_000)
    if (o.get.status === 0) {
      unreachable.push(`${url}: ${o.get.error ?? 'no answer'}`)
      continue
    }
    observations.push(o)
    const required = options.version
    const verdicts = verdictsOf(o, required).filter((v) => required === undefined || v.version === required)
    for (const v of verdicts) results.push(toResult(v, url, { strict: options.strict, titleWithUrl: urls.length > 1 }))
  }
  return { results, unreachable, observations }
}
