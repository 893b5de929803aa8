import type { Version } from '../case.js'
import type { Exchange } from '../context/http.js'
import { probeChecks as c } from './checks.js'
import type { Observation } from './observe.js'
import { verdict, type Verdict } from './verdict.js'

const served = (status: number) => status >= 200 && status < 300

/** Why an answer other than 402 keeps x402 clients from paying. */
function not402(status: number): string {
  if (served(status)) return `answered ${status}: a paid URL answers 402 without a payment`
  if (status === 401 || status === 403) {
    return `answered ${status}: an authentication wall hides the paywall (x402 clients pay only after a 402)`
  }
  if (status >= 300 && status < 400) return `answered ${status} (a redirect): x402 clients pay only after a 402`
  return `answered ${status}, not 402`
}

/** GET without payment: not served (access), answered 402 with a challenge (interop). */
export function statusVerdicts(o: Observation, version: Version): Verdict[] {
  const x = o.get
  const challenge = o.challenges.size > 0 ? [] : ['the 402 carries no challenge: no PAYMENT-REQUIRED header, no v1 JSON body']
  return [
    verdict(c.notServed, version, served(x.status) ? [`answered ${x.status} without payment (${x.text.length} bytes)`] : [], [x]),
    verdict(c.challenge402, version, x.status === 402 ? challenge : [not402(x.status)], [x]),
  ]
}

function refusal(label: string, x: Exchange): string[] {
  if (x.status === 0) return [`${label}: no answer (${x.error ?? 'unknown error'})`]
  return served(x.status) ? [`${label} was answered ${x.status} without payment while GET answers 402`] : []
}

function note(label: string, x: Exchange): string[] {
  return x.status === 402 || served(x.status) || x.status === 0 ? [] : [`${label} was answered ${x.status}`]
}

/** HEAD, a trailing-slash and a letter-case spelling are protected like the path; OPTIONS serves no content. */
export function variantVerdicts(o: Observation, version: Version): Verdict[] {
  const spelled = (label: string, x: Exchange) => [refusal(`${label} ${x.request.url}`, x), [x], note(label, x)] as const
  const options = o.options
  const content = served(options.status) && options.text.length > 0
  return [
    verdict(c.head, version, ...spelled('HEAD', o.head)),
    verdict(c.trailingSlash, version, ...spelled('GET', o.trailingSlash)),
    verdict(c.letterCase, version, ...spelled('GET', o.letterCase)),
    verdict(
      c.options,
      version,
      content
        ? [`OPTIONS was answered ${options.status} with ${options.text.length} bytes: a preflight answer has no content`]
        : [],
      [options],
      note('OPTIONS', options),
    ),
  ]
}
