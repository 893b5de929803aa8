#!/usr/bin/env node
// Entry point of the published CLI: runs the compiled code in dist/.
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { dirname, join } from 'node:path'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const entry = join(root, 'dist', 'conformance', 'cli', 'main.js')
if (!existsSync(entry)) {
  process.stderr.write('x402-conformance: dist/ is missing; run `npm run build` (or `npm ci`, which builds) first\n')
  process.exit(3)
}
const { main } = await import(pathToFileURL(entry).href)
process.exitCode = await main(process.argv.slice(2))
