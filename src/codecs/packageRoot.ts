import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PackageFilesError } from '../errors/package.js'

let cached: string | undefined

/**
 * The directory of this package (the one holding its package.json), found by walking up from this
 * module; works from sources (src/) and from the build (dist/src/).
 */
export function packageRoot(): string {
  if (cached !== undefined) return cached
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'package.json')
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown }
      if (pkg.name === 'x402-conformance') return (cached = dir)
    }
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  throw new PackageFilesError({
    problem: 'cannot find the x402-conformance package root',
    details: fileURLToPath(import.meta.url),
  })
}
