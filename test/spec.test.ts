import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { clauseLike, clauseLine, loadClauses, parseClauses, resolveSpecDir } from '../conformance/spec.js'

const dir = resolveSpecDir()
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.md'))
  .sort()
const read = (f: string) => readFileSync(join(dir, f), 'utf8')

describe('spec/', () => {
  test('has the chapters', () => {
    expect(files).toContain('01-envelopes.md')
    expect(files).toContain('02-http-transport.md')
  })

  test.each(files)('%s has at least one clause', (file) => {
    expect(parseClauses(read(file), file).length).toBeGreaterThan(0)
  })

  test.each(files)('%s has no malformed clause-like lines', (file) => {
    const bad = read(file)
      .split('\n')
      .map((line, i) => ({ line: i + 1, text: line }))
      .filter(
        ({ text }) => (clauseLike.test(text) || /^\s*[-*] \*\*[a-z0-9-]+\.[a-z0-9.-]+\*\*/.test(text)) && !clauseLine.test(text),
      )
    expect(bad).toEqual([])
  })

  test('clause ids are unique across chapters', () => {
    const seen = new Map<string, string>()
    const duplicates: string[] = []
    for (const file of files) {
      for (const c of parseClauses(read(file), file)) {
        if (seen.has(c.id)) duplicates.push(`${c.id}: ${seen.get(c.id)} and ${file}:${c.line}`)
        else seen.set(c.id, `${file}:${c.line}`)
      }
    }
    expect(duplicates).toEqual([])
  })

  test('clause ids are well-formed and the text is a sentence', () => {
    for (const c of loadClauses().values()) {
      expect(c.id, c.id).toMatch(/^[a-z][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)+$/)
      expect(c.id.length, c.id).toBeLessThanOrEqual(80)
      expect(c.text.length, c.id).toBeGreaterThan(10)
    }
  })

  test('the clause ids the codecs cite exist', () => {
    const clauses = loadClauses()
    const codecs = join(import.meta.dirname, '..', 'src', 'codecs')
    const cited = readdirSync(codecs)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) =>
        [...readFileSync(join(codecs, f), 'utf8').matchAll(/'((?:envelopes|http|exact-evm)\.[a-z0-9.-]+)'/g)].map((m) => m[1]!),
      )
    expect(cited.length).toBeGreaterThan(0)
    expect(cited.filter((id) => !clauses.has(id))).toEqual([])
  })
})

describe('parser', () => {
  test('reads a clause and rejects near misses', () => {
    expect(parseClauses('- **a.b-c** (MUST): Text here.', 'x.md')).toMatchObject([
      { id: 'a.b-c', level: 'MUST', text: 'Text here.', line: 1 },
    ])
    for (const bad of [
      '- **a.b** (must): t',
      '- **A.b** (MUST): t',
      '- **ab** (MUST): t',
      '- **a.b** (SHALL): t',
      '- **a.b** MUST: t',
    ]) {
      expect(parseClauses(bad, 'x.md'), bad).toEqual([])
    }
  })
})
