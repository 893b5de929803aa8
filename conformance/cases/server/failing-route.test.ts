import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadCases } from '../../registry.js'
import { runCases } from '../../runner.js'
import { openSession } from '../../targets/session.js'
import { compileRoute } from '../../../src/server/routes.js'
import { defaultPaywallSteps } from '../../../src/server/steps.js'
import type { EmbeddedVariant } from '../../targets/embedded.js'

// Upstream servers price routes differently. A reference server whose failing route costs more than
// its paid URLs is correct: the handler cases must pay that route's own offer and pass (paying the
// first paid URL's offer, as they once did, was answered 402 and reported as the server's failure).
const pricierFailingRoute: EmbeddedVariant = {
  paywallSteps: {
    findRoute: (routes, method, path) => {
      const route = defaultPaywallSteps.findRoute(routes, method, path)
      return route?.route.path.endsWith('/fail') ? compileRoute({ ...route.route, price: '25000' }) : route
    },
  },
}

describe('handler cases against a failing route priced differently', () => {
  let session: Awaited<ReturnType<typeof openSession>>
  beforeAll(async () => {
    session = await openSession({ variant: pricierFailingRoute, seed: 402, runs: 2, strict: true })
  }, 120_000)
  afterAll(() => session?.close())

  test("the failing route asks another price than the paid URL (paying the paid URL's offer there is refused)", async () => {
    const { failingUrl, serverUrls } = session.session.target
    const price = async (url: string) => {
      const res = await fetch(url)
      return (
        JSON.parse(Buffer.from(res.headers.get('payment-required')!, 'base64').toString()) as { accepts: { amount: string }[] }
      ).accepts[0]!.amount
    }
    expect([(await fetch(failingUrl!)).status, await price(failingUrl!), await price(serverUrls[0]!)]).toEqual([
      402,
      '25000',
      '10000',
    ])
  })

  test('every handler case runs and passes', async () => {
    const cases = await loadCases()
    const grep = /^server\.(control|settlement\.handler-(failure-no-charge|failure-no-receipt|4xx-no-charge))/
    const outcome = await runCases(session.session, cases, {
      grep,
      strict: true,
      timeoutMs: 30_000,
      knownFailures: new Set(),
      concurrency: 2,
    })
    const seen = outcome.results
      .filter((r) => r.id.startsWith('server.settlement.'))
      .map((r) => `${r.id}@v${r.version} ${r.status} ${r.message ?? ''}`.trim())
      .sort()
    // Cases run two at a time: the order they end in is not theirs to keep.
    expect(seen).toEqual(
      [
        'server.settlement.handler-failure-no-charge@v1 pass',
        'server.settlement.handler-failure-no-charge@v2 pass',
        'server.settlement.handler-failure-no-receipt@v1 pass',
        'server.settlement.handler-failure-no-receipt@v2 pass',
        'server.settlement.handler-4xx-no-charge@v1 pass',
        'server.settlement.handler-4xx-no-charge@v2 pass',
      ].sort(),
    )
  }, 120_000)
})
