import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, test } from 'vitest'

// DESIGN §2: errors ← types ← codecs ← evm ← {facilitator, server, client} ← conformance; networks
// beside types; loopback (the one node:http listener) above errors, below the roles; chain used by conformance, tests and benches only; src never imports conformance/,
// fixtures/, test/; the three roles never import each other. Test files (*.test.ts) are exempt from
// the arrows: they may set up a chain or another role. Type-only and dynamic imports count.

const root = resolve(import.meta.dirname, '..')
const below = {
  errors: [],
  loopback: ['errors'],
  networks: ['errors'],
  types: ['errors', 'networks'],
  codecs: ['errors', 'networks', 'types'],
  evm: ['errors', 'networks', 'types', 'codecs'],
  facilitator: ['errors', 'networks', 'types', 'codecs', 'evm', 'loopback'],
  server: ['errors', 'networks', 'types', 'codecs', 'evm', 'loopback'],
  client: ['errors', 'networks', 'types', 'codecs', 'evm'],
  chain: ['errors', 'networks', 'types', 'codecs', 'evm', 'contracts'],
  root: ['errors', 'networks', 'types', 'codecs', 'evm', 'facilitator', 'server', 'client', 'loopback'],
  conformance: [
    'errors',
    'networks',
    'types',
    'codecs',
    'evm',
    'facilitator',
    'server',
    'client',
    'loopback',
    'chain',
    'root',
    'contracts',
    'fixtures',
  ],
} as const satisfies Record<string, readonly string[]>
type Layer = keyof typeof below

/** The layer (or top-level area) a repository path belongs to. */
export function layerOf(path: string): string {
  const parts = path.split('/')
  if (parts[0] === 'src') return parts.length === 2 ? 'root' : parts[1]!
  return parts[0]!
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
const runtimePackages = new Set(Object.keys(pkg.dependencies ?? {}))
const packageName = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!)

/** Every rule an import from `from` (a repository path) of specifier `spec` breaks. */
export function violations(from: string, spec: string): string[] {
  const isTest = /\.test\.ts$/.test(from)
  const source = layerOf(from)
  if (!spec.startsWith('.')) {
    if (spec.startsWith('node:') || builtinModules.includes(spec) || isTest) return []
    return runtimePackages.has(packageName(spec))
      ? []
      : [`${from} imports '${spec}', which is not a run-time dependency in package.json`]
  }
  const target = relative(root, resolve(root, dirname(from), spec))
    .split('\\')
    .join('/')
  const to = layerOf(target)
  if (to === 'test' && source !== 'test') return isTest ? [] : [`${from} imports test code ${target}`]
  if (isTest || to === source) return []
  const allowed = (below as Record<string, readonly string[]>)[source]
  if (!allowed) return []
  return allowed.includes(to) ? [] : [`${from} (${source}) imports ${target} (${to}): not allowed by DESIGN §2`]
}

function tsFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) out.push(...tsFiles(path))
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path)
  }
  return out
}

/** Module specifiers of a file: static, `export … from`, `import type`, dynamic `import()`. */
export function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName)
}

describe('checker', () => {
  test('catches wrong arrows', () => {
    expect(violations('src/types/v1.ts', '../evm/verify.js')).toHaveLength(1)
    expect(violations('src/networks/registry.ts', '../types/v1.js')).toHaveLength(1)
    expect(violations('src/server/createPaywall.ts', '../facilitator/http.js')).toHaveLength(1)
    expect(violations('src/evm/verify.ts', '../chain/index.js')).toHaveLength(1)
    expect(violations('src/codecs/x.ts', '../../conformance/spec.js')).toHaveLength(1)
    expect(violations('src/codecs/x.ts', '../../test/arbitraries/envelopes.js')).toHaveLength(1)
    expect(violations('src/index.ts', './chain/index.js')).toHaveLength(1)
    expect(violations('conformance/runner.ts', '../test/x.js')).toHaveLength(1)
    expect(violations('src/evm/x.ts', '@x402/evm')).toHaveLength(1)
    expect(violations('src/loopback/x.ts', '../server/serveFetch.js')).toHaveLength(1)
  })

  test('allows the arrows', () => {
    expect(violations('src/codecs/normalize.ts', '../networks/registry.js')).toEqual([])
    expect(violations('src/evm/x.ts', '../codecs/index.js')).toEqual([])
    expect(violations('conformance/runner.ts', '../src/chain/index.js')).toEqual([])
    expect(violations('src/server/x.test.ts', '../chain/index.js')).toEqual([])
    expect(violations('src/evm/x.ts', 'viem/accounts')).toEqual([])
    expect(violations('src/evm/x.ts', 'node:crypto')).toEqual([])
    expect(violations('src/facilitator/x.ts', '../loopback/listenLoopback.js')).toEqual([])
  })

  test('finds every kind of import', () => {
    const text = `import a from './a.js'\nimport type { B } from './b.js'\nexport { c } from './c.js'\nconst d = await import('./d.js')\nimport './e.js'`
    expect(importsOf(text)).toEqual(['./a.js', './b.js', './c.js', './d.js', './e.js'])
  })
})

test('every import under src/ and conformance/ follows DESIGN §2', () => {
  const files = [...tsFiles('src'), ...tsFiles('conformance')]
  expect(files.length).toBeGreaterThan(10)
  const problems = files.flatMap((file) =>
    importsOf(readFileSync(join(root, file), 'utf8')).flatMap((spec) => violations(file, spec)),
  )
  expect(problems).toEqual([])
})

test('every src/ directory is a known layer', () => {
  const dirs = readdirSync(join(root, 'src'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
  for (const d of dirs) expect(Object.keys(below), d).toContain(d as Layer)
})
