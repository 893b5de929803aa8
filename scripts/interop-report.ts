// Runs the conformance suite against the upstream peers (test/interop/serve-upstream.ts started by
// `--exec`) and rewrites the generated section of docs/interop.md from the JSON reports.
//   tsx scripts/interop-report.ts [--out DIR] [--from DIR] [--doc FILE] [--seed N]
// --out keeps the JSON reports in DIR; --from skips the runs and renders the reports already in DIR.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { main } from '../conformance/cli/main.js'
import { renderSection, replaceSection, type InteropRun, type ReportSummary } from '../test/interop/reportMarkdown.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const servePath = join(root, 'test', 'interop', 'serve-upstream.ts')

type Target = { key: string; title: string; role: string; args: string[] }

const targets: Target[] = [
  {
    key: 'facilitator',
    title: 'Upstream facilitator (`@x402/core` x402Facilitator + `@x402/evm` exact, v1 and v2)',
    role: 'facilitator',
    // One case at a time: the upstream facilitator has no nonce management, so concurrent cases would
    // fail on colliding transaction nonces rather than on what they test (the race cases still race).
    args: ['--facilitator', 'http://127.0.0.1:{PORT}', '--concurrency', '1'],
  },
  {
    key: 'server-v2',
    title: 'Upstream v2 resource server (`@x402/express`), settling through the harness facilitator',
    role: 'server-v2',
    args: ['--server', 'http://127.0.0.1:{PORT}/paid', '--version', '2'],
  },
  {
    key: 'server-v1',
    title: 'Upstream v1 resource server (`x402-express`), settling through the harness facilitator',
    role: 'server-v1',
    args: ['--server', 'http://127.0.0.1:{PORT}/paid', '--version', '1'],
  },
]

const shellQuote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`

async function runTarget(target: Target, dir: string, seed: string | undefined): Promise<void> {
  const exec = `${shellQuote(process.execPath)} --import tsx ${shellQuote(servePath)} ${target.role}`
  const file = join(dir, `${target.key}.json`)
  const args = ['run', '--exec', exec, ...target.args, '--json', file, ...(seed === undefined ? [] : ['--seed', seed])]
  process.stderr.write(`interop-report: ${target.key}\n`)
  const code = await main(args)
  if (code !== 0 && code !== 1 && code !== 4) throw new Error(`the run against ${target.key} ended with exit code ${code}`)
}

function displayCommand(target: Target): string {
  const serve = relative(root, servePath).split('\\').join('/')
  return `x402-conformance run --exec "tsx ${serve} ${target.role}" ${target.args.join(' ')}`
}

async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, from: { type: 'string' }, doc: { type: 'string' }, seed: { type: 'string' } },
  })
  const dir = values.from ?? values.out ?? mkdtempSync(join(tmpdir(), 'x402-interop-'))
  if (values.from === undefined) {
    for (const target of targets) await runTarget(target, dir, values.seed)
  }
  const runs: InteropRun[] = targets.map((target) => ({
    title: target.title,
    command: displayCommand(target),
    report: JSON.parse(readFileSync(join(dir, `${target.key}.json`), 'utf8')) as ReportSummary,
  }))
  const docPath = values.doc ?? join(root, 'docs', 'interop.md')
  const section = renderSection(runs, 'tsx scripts/interop-report.ts')
  writeFileSync(docPath, replaceSection(readFileSync(docPath, 'utf8'), section))
  process.stderr.write(`interop-report: wrote ${relative(process.cwd(), docPath)} (reports in ${dir})\n`)
  return 0
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`interop-report: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(3)
  },
)
