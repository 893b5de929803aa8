import { defineCase } from '../../case.js'
import type { TestContext } from '../../context/types.js'
import { bazaarProblems } from './bazaar-schema.js'
import { findExtensionRoute, idFor, payRoute } from './extension-routes.js'
import type { ExtensionRoute } from './extension-routes.js'
import { expectServedAndCharged } from './outcomes.js'

// Extensions in the challenge (spec/11-extensions.md §11.1, §11.3): bazaar declarations, and payments that echo them.

/** The routes announcing each extension (one per extension, the same URL once); skips when none announces any. */
async function announcingRoutes(t: TestContext): Promise<ExtensionRoute[]> {
  const found = new Map<string, ExtensionRoute>()
  for (const key of ['bazaar', 'payment-identifier']) {
    const route = await findExtensionRoute(t, key).catch(() => undefined)
    if (route !== undefined) found.set(route.url, route)
  }
  return found.size > 0 ? [...found.values()] : t.skip('no paid URL of the target announces an extension in its v2 challenge')
}

export const cases = [
  defineCase({
    id: 'server.extensions.echo-accepted',
    clause: 'ext.echo-accepted',
    level: 'MUST',
    harm: 'interop',
    role: 'server',
    versions: [2],
    title:
      'a payment that echoes the announced extensions (with a payment identifier where announced) is served and charged once',
    run: async (t) => {
      for (const route of await announcingRoutes(t)) {
        const paid = await payRoute(t, route, (p) => idFor(p))
        await expectServedAndCharged(t, paid, () => t.fetchPaid(paid, { url: route.url }))
      }
    },
  }),
  defineCase({
    id: 'server.bazaar.declaration-valid',
    clause: 'ext.bazaar.declaration-valid',
    level: 'SHOULD',
    harm: 'hygiene',
    role: 'server',
    versions: [2],
    title: 'a bazaar declaration has the upstream shape and its info validates against its own schema',
    run: async (t) => {
      const route = await findExtensionRoute(t, 'bazaar')
      const declaration = route.extensions['bazaar']
      const problems = bazaarProblems(declaration)
      t.check(problems.length === 0, `the bazaar declaration of ${route.url} is invalid: ${problems.join('; ')}`, {
        declaration,
      })
    },
  }),
]
