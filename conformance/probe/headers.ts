import type { Version } from '../case.js'
import { probeChecks as c } from './checks.js'
import type { Observation } from './observe.js'
import { skipped, verdict, type Verdict } from './verdict.js'

/** Headers some guides show for paid APIs that x402 does not define; x402 clients do not read them. */
export const notX402Headers = ['x-payment-amount', 'x-payment-address', 'x-pay-url', 'x-payment-proof'] as const

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)

/** The x402 response headers a browser script needs to read, per version the 402 claims. */
function neededExposed(versions: readonly Version[]): string[] {
  const needed = versions.includes(2) ? ['payment-required', 'payment-response'] : []
  if (versions.includes(1)) needed.push('x-payment-response')
  return needed
}

/** `Cache-Control: no-store`, CORS exposure of the x402 headers, and no payment headers x402 does not define. */
export function headerVerdicts(o: Observation, version: Version): Verdict[] {
  const x = o.get
  const cache = list(x.headers['cache-control'])
  const noStore = cache.includes('no-store')
    ? []
    : [`Cache-Control is ${JSON.stringify(x.headers['cache-control'] ?? '(absent)')}`]
  const foreign = notX402Headers.filter((h) => x.headers[h] !== undefined).map((h) => `${h}: ${x.headers[h]}`)
  const out = [verdict(c.noStore, version, noStore, [x]), verdict(c.notX402, version, foreign, [x])]
  const corsHeaders = Object.keys(o.cors.headers).filter((h) => h.startsWith('access-control-'))
  if (o.cors.status !== 402 || corsHeaders.length === 0) {
    out.push(skipped(c.corsExpose, version, 'the 402 answered to a request with an Origin carries no CORS headers'))
    return out
  }
  const exposed = list(o.cors.headers['access-control-expose-headers'])
  const missing = exposed.includes('*') ? [] : neededExposed([...o.challenges.keys()]).filter((h) => !exposed.includes(h))
  const problems = missing.length === 0 ? [] : [`Access-Control-Expose-Headers lacks ${missing.join(', ')}`]
  out.push(verdict(c.corsExpose, version, problems, [o.cors]))
  return out
}
