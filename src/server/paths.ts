/**
 * The one spelling of a request path that route matching uses, so every variant of a paid path
 * (`/Paid`, `/paid/`, `/%70aid`, `//paid`, `/a/../paid`) is matched like the path itself.
 * Percent-decodes each segment (until stable, at most 4 times), lower-cases, collapses repeated slashes, resolves `.` and
 * `..`, drops the trailing slash. Returns undefined for a path that cannot be decoded.
 */
export function normalizePath(path: string): string | undefined {
  const out: string[] = []
  for (const raw of path.split('?')[0]!.split('#')[0]!.split('/')) {
    let segment = raw
    for (let i = 0; i < 4 && segment.includes('%'); i++) {
      try {
        segment = decodeURIComponent(segment)
      } catch {
        return undefined
      }
    }
    if (segment.includes('/') || segment.includes('\\')) {
      // an encoded slash makes one segment look like two: match it as the path it spells
      const inner = normalizePath(`/${segment.replace(/\\/g, '/')}`)
      if (inner === undefined) return undefined
      out.push(...inner.split('/').filter((s) => s !== ''))
      continue
    }
    if (segment === '' || segment === '.') continue
    if (segment === '..') {
      out.pop()
      continue
    }
    out.push(segment.toLowerCase())
  }
  return `/${out.join('/')}`
}

/** A compiled route pattern: an exact path, or a prefix when it ends in `/*`. */
export type PathPattern = { exact: string } | { prefix: string }

/** Compiles `'/reports'` (exact) or `'/reports/*'` (the path and everything under it). */
export function compilePath(pattern: string): PathPattern {
  if (pattern.endsWith('/*')) return { prefix: normalizePath(pattern.slice(0, -2)) ?? '/' }
  return { exact: normalizePath(pattern) ?? pattern }
}

/** Does a normalised path match a compiled pattern? */
export function pathMatches(pattern: PathPattern, normalized: string): boolean {
  if ('exact' in pattern) return normalized === pattern.exact
  return pattern.prefix === '/' || normalized === pattern.prefix || normalized.startsWith(`${pattern.prefix}/`)
}
