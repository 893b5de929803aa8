import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openClientSession } from '../../conformance/client/harness.js'
import type { ClientHarness } from '../../conformance/client/harness.js'
import { clientContextOf } from '../../conformance/client/options.js'
import type { Session } from '../../conformance/context/context.js'
import { loadCases } from '../../conformance/registry.js'
import { runCases } from '../../conformance/runner.js'

/** A faulty paying client (test/mutation/faultyClient.ts <fault>) and the MUST case expected to catch it. */
export type ClientVariant = { readonly fault: string; readonly mistake: string; readonly grep: RegExp }

export const clientVariants: readonly ClientVariant[] = [
  { fault: 'overpays', mistake: 'signs one unit more than the offer', grep: /^client\.honest\.amount-exact$/ },
  { fault: 'underpays', mistake: 'signs one unit less than the offer', grep: /^client\.honest\.amount-exact$/ },
  { fault: 'pays-another-payto', mistake: 'pays a fixed address instead of payTo', grep: /^client\.honest\.pay-to$/ },
  { fault: 'wrong-from', mistake: 'names another address as from', grep: /^client\.honest\.from-payer$/ },
  { fault: 'wrong-domain', mistake: 'signs under chain id 1', grep: /^client\.honest\.domain-from-offer$/ },
  { fault: 'any-network', mistake: 'ignores the configured network', grep: /^client\.choice\.unknown-network$/ },
  { fault: 'any-asset', mistake: 'pays with any asset the offer names', grep: /^client\.hostile\.fake-usdc$/ },
  { fault: 'reuses-nonce', mistake: 'signs every payment with the same nonce', grep: /^client\.payment\.nonce-fresh$/ },
  { fault: 'window-years', mistake: 'signs a validity window of ten years', grep: /^client\.honest\.window-bounded$/ },
  {
    fault: 'ignores-limits',
    mistake: 'ignores X402_MAX_PER_REQUEST and X402_BUDGET',
    grep: /^client\.limits\.above-max-per-request$/,
  },
  { fault: 'ignores-budget', mistake: 'ignores X402_BUDGET', grep: /^client\.limits\.above-budget$/ },
  { fault: 'pays-again-on-402', mistake: 'pays again while the answer is 402', grep: /^client\.hostile\.repeated-402$/ },
  { fault: 'prints-key', mistake: 'prints its private key', grep: /^client\.secrets\.key-not-printed$/ },
  { fault: 'wrong-header', mistake: 'sends every payment in X-PAYMENT', grep: /^client\.honest\.header-of-version$/ },
  { fault: 'alters-accepted', mistake: 'drops extra from v2 accepted', grep: /^client\.choice\.accepted-verbatim$/ },
  {
    fault: 'window-follows-offer',
    mistake: 'signs whatever window maxTimeoutSeconds asks (ten years)',
    grep: /^client\.honest\.window-capped$/,
  },
  { fault: 'pays-any-challenge', mistake: 'pays a challenge on any status', grep: /^client\.robustness\.challenge-on-200$/ },
  { fault: 'sends-key', mistake: 'sends its key in a debug header', grep: /^client\.secrets\.key-not-sent$/ },
  {
    fault: 'reads-other-version-price',
    mistake: 'signs maxAmountRequired when a v2 offer carries it',
    grep: /^client\.offers\.v2-ignores-max-amount-required$/,
  },
  {
    fault: 'domain-from-extra',
    mistake: 'takes the domain chain id from extra',
    grep: /^client\.offers\.domain-members-in-extra$/,
  },
  {
    fault: 'hangs-on-malformed',
    mistake: 'waits forever on an unreadable challenge',
    grep: /^client\.robustness\.malformed-challenge$/,
  },
]

const script = fileURLToPath(new URL('./faultyClient.ts', import.meta.url))

/** Each faulty client must fail at least one MUST case; one shared chain, limits declared so the limit cases run. */
export function describeClientVariants(): void {
  describe('mutation check: paying clients', () => {
    let opened: { session: Session; harness: ClientHarness; close(): Promise<void> }
    beforeAll(async () => {
      opened = await openClientSession({
        command: '',
        limits: { maxPerRequest: 50_000n, budget: 20_000n },
        invocationTimeoutMs: 25_000,
        seed: 402,
        runs: 1,
        strict: false,
      })
    }, 120_000)
    afterAll(async () => opened?.close())

    test('at least 12 client variants', () => expect(clientVariants.length).toBeGreaterThanOrEqual(12))

    test.each(clientVariants.map((v) => [v.fault, v] as const))(
      '%s is caught',
      async (_fault, v) => {
        const harness = { ...opened.harness, command: `node --import tsx ${script} ${v.fault} {URL}` }
        const cases = (await loadCases()).filter((c) => c.role === 'client')
        const outcome = await runCases(opened.session, cases, {
          grep: v.grep,
          strict: false,
          timeoutMs: 120_000,
          knownFailures: new Set(),
          concurrency: 2,
          clientContext: clientContextOf(harness),
        })
        const caught = outcome.results.filter((r) => r.level === 'MUST' && r.status === 'fail')
        expect(caught.length, `${v.fault} (${v.mistake}) was not caught by ${v.grep}`).toBeGreaterThan(0)
      },
      300_000,
    )
  })
}
