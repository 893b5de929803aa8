import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { packageRoot } from '../../../src/codecs/packageRoot.js'
import { compareFixtures, writeFixtures } from '../../fixtures/files.js'
import { generateFixtures } from '../../fixtures/generate.js'
import { exitCodes } from '../main.js'

export const summary = 'regenerate the test vectors in fixtures/ (or --check them)'

const help = `usage: x402-conformance fixtures [--out DIR] [--check]

Generates the deterministic test vectors (envelope validity, header encodings, EIP-712, offline
verify) into DIR (default: the package's fixtures/ directory).

  --out DIR   where to write (or, with --check, what to compare against)
  --check     write nothing; compare with the files in DIR, list every differing file, exit 1 on any
  -h, --help  this text
`

/** `x402-conformance fixtures [--out DIR] [--check]`. */
export async function run(argv: string[]): Promise<number> {
  let values: { out?: string | undefined; check?: boolean | undefined; help?: boolean | undefined }
  try {
    values = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    process.stderr.write(`x402-conformance fixtures: ${(error as Error).message}\n\n${help}`)
    return exitCodes.usage
  }
  if (values.help) {
    process.stdout.write(help)
    return exitCodes.pass
  }
  const dir = values.out === undefined ? join(packageRoot(), 'fixtures') : resolve(values.out)
  const files = await generateFixtures()
  if (values.check) {
    const diffs = compareFixtures(dir, files)
    for (const diff of diffs) process.stdout.write(`${diff.problem}: ${diff.path}\n`)
    process.stdout.write(
      diffs.length === 0
        ? `${files.size} fixture files up to date\n`
        : `${diffs.length} of ${files.size} fixture files differ; run \`x402-conformance fixtures\`\n`,
    )
    return diffs.length === 0 ? exitCodes.pass : exitCodes.failures
  }
  writeFixtures(dir, files)
  process.stdout.write(`wrote ${files.size} fixture files to ${dir}\n`)
  return exitCodes.pass
}
