import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

/** A normative sentence of spec/: its stable id, level, harm (DESIGN §10), text and where it stands. */
export type Clause = {
  readonly id: string
  readonly level: 'MUST' | 'SHOULD' | 'MAY'
  /** What breaking it costs: `funds`, `access`, `availability`, `interop` or `hygiene`; absent when unstated. */
  readonly harm?: 'funds' | 'access' | 'availability' | 'interop' | 'hygiene'
  readonly text: string
  readonly file: string
  readonly line: number
}

/**
 * One clause per line, as a list item: `- **area.sub.name** (MUST, funds): text`; the harm after the
 * level is optional in the syntax (a test requires it on every MUST).
 * Ids are lower-case dot-separated words of `a-z`, `0-9` and `-`.
 */
export const clauseLine =
  /^\s*[-*] \*\*([a-z0-9-]+(?:\.[a-z0-9-]+)+)\*\* \((MUST|SHOULD|MAY)(?:, (funds|access|availability|interop|hygiene))?\):\s+(.+)$/
/** Any line that looks like it tries to be a clause (used to catch malformed ones). */
export const clauseLike = /^\s*[-*] \*\*[^*]+\*\* \((?:MUST|SHOULD|MAY|[A-Z ]+)(?:,[^)]*)?\)/

/** Parses a spec chapter's text into clauses. */
export function parseClauses(text: string, file: string): Clause[] {
  const clauses: Clause[] = []
  text.split('\n').forEach((line, index) => {
    const m = clauseLine.exec(line)
    if (!m) return
    const harm = m[3] as Clause['harm']
    clauses.push({
      id: m[1]!,
      level: m[2] as Clause['level'],
      ...(harm ? { harm } : {}),
      text: m[4]!.trim(),
      file,
      line: index + 1,
    })
  })
  return clauses
}

let cache: Map<string, Clause> | undefined

/** Every clause of spec/, by id (the first one wins if an id is duplicated; a test forbids that). */
export function loadClauses(dir: string = resolveSpecDir()): Map<string, Clause> {
  if (cache && dir === resolveSpecDir()) return cache
  const map = new Map<string, Clause>()
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()) {
    for (const clause of parseClauses(readFileSync(join(dir, file), 'utf8'), file)) {
      if (!map.has(clause.id)) map.set(clause.id, clause)
    }
  }
  if (dir === resolveSpecDir()) cache = map
  return map
}

/** spec/ at the package root, whether running from sources or from dist/. */
export function resolveSpecDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url))
  const fromDist = /[\\/]dist[\\/]conformance[\\/]$/.test(here)
  return fromDist ? join(here, '..', '..', 'spec') : join(here, '..', 'spec')
}
