import { normalizePath } from './paths.js'
import { compileRoute, findRoute } from './routes.js'
import type { CompiledRoute, PaidRoute } from './routes.js'

/**
 * What a request is to a paywall: the paid route it hits, `'free'`, or `'invalid'` when its path
 * cannot be decoded (answered 400, never served).
 */
export type RouteMatch = { route: CompiledRoute } | 'free' | 'invalid'

/** Matches a request (method and URL) against paid routes. */
export type RouteMatcher = (method: string, url: string) => RouteMatch

/**
 * The one route matcher of a paywall and of the application behind it. The paywall protects
 * exactly what it matches, so a handler that serves paid content must serve it only for what this
 * matcher matches: a handler that matches by prefix serves `/paidx` or `/paid.json` without payment.
 *
 * @example
 * const match = createRouteMatcher(routes)
 * const seller = (request: Request) => (match(request.method, request.url) === 'free' ? notFound() : content())
 */
export function createRouteMatcher(
  routes: readonly (PaidRoute | CompiledRoute)[],
  find: typeof findRoute = findRoute,
): RouteMatcher {
  const compiled = routes.map((r) => ('pattern' in r ? r : compileRoute(r)))
  return (method, url) => {
    const path = normalizePath(new URL(url, 'http://x').pathname)
    if (path === undefined) return 'invalid'
    const route = find(compiled, method, path)
    return route ? { route } : 'free'
  }
}
