import type { Version } from '../case.js'
import { probeChecks as c } from './checks.js'
import type { Observation } from './observe.js'
import { skipped, verdict, type Verdict } from './verdict.js'

/** Each claimed challenge is well formed: the v2 header and the v1 body, each where the 402 claims it. */
export function challengeVerdicts(o: Observation, required: Version | undefined): Verdict[] {
  const out: Verdict[] = []
  for (const [version, check] of [
    [2, c.v2Header],
    [1, c.v1Body],
  ] as const) {
    const read = o.challenges.get(version)
    if (read) out.push(verdict(check, version, read.problems, [o.get]))
    else if (required === version) out.push(verdict(check, version, [`the 402 carries no v${version} challenge`], [o.get]))
    else out.push(skipped(check, version, `the 402 does not claim x402 v${version}`))
  }
  return out
}

function resourceUrl(value: unknown, version: Version): string[] {
  const v = value as { resource?: { url?: unknown }; accepts?: { resource?: unknown }[] }
  if (version === 2) return typeof v.resource?.url === 'string' ? [v.resource.url] : []
  return (Array.isArray(v.accepts) ? v.accepts : []).map((a) => a?.resource).filter((r): r is string => typeof r === 'string')
}

/** The challenge's resource (v2 `resource.url`, v1 each `resource`) is the probed URL: same origin, same path. */
export function resourceVerdicts(o: Observation): Verdict[] {
  const probed = new URL(o.url)
  return [...o.challenges].map(([version, read]) => {
    const urls = read.value === undefined ? [] : resourceUrl(read.value, version)
    if (urls.length === 0) return skipped(c.resource, version, 'the challenge names no resource URL to compare')
    const problems = urls.flatMap((u) => {
      let named: URL
      try {
        named = new URL(u)
      } catch {
        return [`resource ${JSON.stringify(u)} is not an absolute URL`]
      }
      if (named.origin !== probed.origin) return [`resource ${u} names the origin ${named.origin}, not ${probed.origin}`]
      return named.pathname === probed.pathname ? [] : [`resource ${u} names the path ${named.pathname}, not ${probed.pathname}`]
    })
    return verdict(c.resource, version, [...new Set(problems)], [o.get])
  })
}
