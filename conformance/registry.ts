import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Case } from './case.js'
import { CaseDefinitionError } from './errors.js'

/** conformance/cases/ next to this file (sources or dist/). */
export function casesDir(): string {
  return fileURLToPath(new URL('./cases/', import.meta.url))
}

function caseFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...caseFiles(path))
    else if (/\.(ts|js)$/.test(name) && !/\.(test|d)\.(ts|js)$/.test(name) && !name.endsWith('.d.ts')) out.push(path)
  }
  return out
}

let loaded: Promise<readonly Case[]> | undefined

/**
 * Every case under conformance/cases/<role>/<area>.ts (each file exports `cases: Case[]`), in a stable
 * order: control cases first, then by file and position. Throws on a duplicate id.
 */
export function loadCases(): Promise<readonly Case[]> {
  loaded ??= (async () => {
    const all: Case[] = []
    const seen = new Map<string, string>()
    const files = caseFiles(casesDir())
    // Prefer .ts when both exist (never the case in practice: sources or dist, not both).
    const byStem = new Map<string, string>()
    for (const f of files) {
      const stem = f.replace(/\.(ts|js)$/, '')
      if (!byStem.has(stem) || f.endsWith('.ts')) byStem.set(stem, f)
    }
    for (const file of [...byStem.values()].sort()) {
      const mod = (await import(pathToFileURL(file).href)) as { cases?: readonly Case[] }
      if (!Array.isArray(mod.cases)) continue
      for (const c of mod.cases) {
        const other = seen.get(c.id)
        if (other !== undefined)
          throw new CaseDefinitionError({ shortMessage: `duplicate case id ${c.id}`, details: `${other} and ${file}` })
        seen.set(c.id, file)
        all.push(c)
      }
    }
    return [...all.filter((c) => c.control), ...all.filter((c) => !c.control)]
  })()
  return loaded
}
