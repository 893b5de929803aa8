// A facilitator that offers only EIP-3009 (refuses upto as a scheme, a Permit2 payload as malformed) gets no
// verdict from the Permit2 and upto cases: every one of them skips, none passes.
import { expect, test } from 'vitest'
import { loadCases } from '../conformance/registry.js'
import { runCases } from '../conformance/runner.js'
import { openSession } from '../conformance/targets/session.js'
import { defaultFacilitatorSteps } from '../src/facilitator/steps.js'

test('an EIP-3009-only facilitator: Permit2 and upto cases skip, none passes', async () => {
  const variant = {
    facilitatorSteps: {
      checkKind: (ctx: never, request: { paymentRequirements: { scheme: string } }) =>
        request.paymentRequirements.scheme === 'upto'
          ? { reason: 'unsupported_scheme' as const, message: 'only exact' }
          : defaultFacilitatorSteps.checkKind(ctx, request as never),
      verifyPermit2: async () => ({
        isValid: false as const,
        invalidReason: 'invalid_payload' as const,
        invalidMessage: 'no Permit2',
      }),
    },
  }
  const { session, close } = await openSession({ variant: variant as never, seed: 1, runs: 2, strict: false })
  try {
    const cases = await loadCases()
    const outcome = await runCases(session, cases, {
      grep: /^facilitator\.(permit2|upto)\./,
      strict: false,
      timeoutMs: 30_000,
      knownFailures: new Set(),
      concurrency: 6,
    })
    const permit2 = outcome.results.filter((r) => /^facilitator\.(permit2|upto)\./.test(r.id))
    expect(permit2.length).toBeGreaterThan(30)
    expect(permit2.filter((r) => r.status !== 'skip').map((r) => `${r.id} ${r.status}`)).toEqual([])
  } finally {
    await close()
  }
}, 200_000)
