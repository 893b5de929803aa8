import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { compileContracts } from '../scripts/compile-contracts.js'

const artifactDir = join(import.meta.dirname, '..', 'contracts', 'artifacts')

test('committed contract artifacts are what solc compiles from contracts/src (run `npm run compile-contracts`)', () => {
  const fresh = compileContracts()
  const committed = readdirSync(artifactDir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
  expect(committed).toEqual([...fresh.keys()].sort())
  for (const [file, content] of fresh) {
    expect(readFileSync(join(artifactDir, file), 'utf8'), `contracts/artifacts/${file} is stale`).toBe(content)
  }
}, 300_000) // solc-js compiles every contract in JavaScript: seconds alone, minutes on a loaded machine
