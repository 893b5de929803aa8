import { getAddress } from 'viem'
import { probeChecks as c } from './checks.js'
import type { Observation } from './observe.js'
import { exactEvmOffers, type Offer } from './offers.js'
import { skipped, verdict, type Verdict } from './verdict.js'

const address = /^0x[0-9a-fA-F]{40}$/
/** Shortest and longest `maxTimeoutSeconds` the probe accepts (spec/06-probe.md says why). */
export const timeoutBounds = { min: 10, max: 3600 } as const

/** `payTo` and `asset` of an offer that are EVM addresses, with their labels. */
function addressesOf(o: Offer): { label: string; value: string }[] {
  const out = [
    { label: `${o.label}.payTo`, value: o.payTo },
    { label: `${o.label}.asset`, value: o.asset },
  ]
  return out.filter((a): a is { label: string; value: string } => a.value !== undefined && address.test(a.value))
}

const mixedCase = (a: string) => /[a-f]/.test(a.slice(2)) && /[A-F]/.test(a.slice(2))

function badChecksum(o: Offer): string[] {
  return addressesOf(o)
    .filter((a) => mixedCase(a.value) && getAddress(a.value) !== a.value)
    .map(
      (a) =>
        `${a.label} ${a.value} has a wrong EIP-55 checksum (viem-based clients refuse to sign for it; ` +
        `expected ${getAddress(a.value)})`,
    )
}

function notChecksummed(o: Offer): string[] {
  return addressesOf(o)
    .filter((a) => !mixedCase(a.value) && getAddress(a.value) !== a.value)
    .map((a) => `${a.label} ${a.value} is not checksummed (${getAddress(a.value)})`)
}

function timeoutProblems(o: Offer, bound: 'min' | 'max'): string[] {
  const t = o.maxTimeoutSeconds
  if (typeof t !== 'number' || !Number.isInteger(t)) return []
  if (bound === 'min' && t < timeoutBounds.min) {
    return [
      `${o.label}: maxTimeoutSeconds ${t} is below ${timeoutBounds.min}: ` +
        'verifiers refuse an authorization with less than 6 s left',
    ]
  }
  if (bound === 'max' && t > timeoutBounds.max) return [`${o.label}: maxTimeoutSeconds ${t} is more than an hour`]
  return []
}

/** EIP-55 checksums of `payTo` and `asset`, and the bounds of `maxTimeoutSeconds`, per claimed version. */
export function addressVerdicts(o: Observation): Verdict[] {
  const out: Verdict[] = []
  const checks = [c.checksumValid, c.checksummed, c.timeoutSettleable, c.timeoutBounded]
  for (const [version, read] of o.challenges) {
    const offers = exactEvmOffers(read.value, version)
    if (offers.length === 0) {
      for (const check of checks) out.push(skipped(check, version, 'the challenge has no exact offer on an EVM network'))
      continue
    }
    const each = (f: (offer: Offer) => string[]) => offers.flatMap(f)
    out.push(verdict(c.checksumValid, version, each(badChecksum), [o.get]))
    out.push(verdict(c.checksummed, version, each(notChecksummed), [o.get]))
    const timeouts = (bound: 'min' | 'max') => each((offer) => timeoutProblems(offer, bound))
    out.push(verdict(c.timeoutSettleable, version, timeouts('min'), [o.get]))
    out.push(verdict(c.timeoutBounded, version, timeouts('max'), [o.get]))
  }
  return out
}
