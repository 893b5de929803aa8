// Runs the conformance suite against the upstream peers (each started by `--exec` through
// test/interop/serve-upstream.ts) and rewrites the generated section of docs/interop.md from the JSON
// reports: per peer, the MUST failures by harm and a table case | version | harm | consequence | issue.
//   tsx scripts/interop-report.ts [--out DIR] [--from DIR] [--only KEY,KEY] [--doc FILE] [--seed N]
// --out keeps the JSON reports in DIR (KEY.json); --from skips the runs and renders the reports already
// in DIR (a missing one is shown as "not run"); --only runs (or renders) the named peers.
//
// Peers: the @x402 2.27 facilitator and v2 server and the x402 1.2 v1 server and facilitator come from
// the root devDependencies. The @x402 2.10 peers are NOT root dependencies: their pinned package.json
// and lock live in test/interop/peers/x402-2.10/, and this script installs them on first use with
// `npm ci` into .x402/peers/x402-2.10/ (git-ignored), next to a copy of the serve helpers, so that Node
// resolves @x402/*, viem and express from that folder. The root `npm ci` never sees them.
//
// Each peer is bundled with esbuild (tsx's own dependency) into .x402/peers/serve-KEY.mjs before it is
// started: the harness waits at most 30 s for an --exec target to answer, and loading the TypeScript
// helpers and the SDKs' module graphs through tsx takes longer than that on a loaded machine (40 s
// measured at load 40 on 2 cores, 6 s for the bundle). The bundle is the same code.
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { build } from 'esbuild'
import { main } from '../conformance/cli/main.js'
import {
  renderSection,
  replaceSection,
  type InteropRun,
  type Note,
  type NoteOf,
  type ReportSummary,
} from '../test/interop/reportMarkdown.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const interopDir = join(root, 'test', 'interop')
const servePath = join(interopDir, 'serve-upstream.ts')

type Peer = 'root' | 'x402-2.10'
type Target = { key: string; title: string; role: string; peer: Peer; args: string[] }

// One case at a time against facilitators: the upstream example facilitators have no nonce
// management, so concurrent cases would fail on colliding transaction nonces rather than on what they
// test (the race cases still race, and report that root cause once).
const facilitatorArgs = ['--facilitator', 'http://127.0.0.1:{PORT}', '--concurrency', '1']

// Servers: GET /paid, and GET /paid-fails (priced the same, its handler answers 500) as the failing route.
const serverArgs = (version: 1 | 2) => [
  '--server',
  'http://127.0.0.1:{PORT}/paid',
  '--failing-route',
  'http://127.0.0.1:{PORT}/paid-fails',
  '--version',
  String(version),
]

const targets: Target[] = [
  {
    key: 'facilitator',
    title: 'Upstream facilitator 2.27 (`@x402/core` x402Facilitator + `@x402/evm` exact, v1 and v2)',
    role: 'facilitator',
    peer: 'root',
    args: facilitatorArgs,
  },
  {
    key: 'facilitator-2.10',
    title: 'Upstream facilitator 2.10 (`@x402/core` + `@x402/evm` 2.10.0, same wiring)',
    role: 'facilitator',
    peer: 'x402-2.10',
    args: facilitatorArgs,
  },
  {
    key: 'facilitator-x402v1',
    title: 'Legacy facilitator (`x402` 1.2.0 `verify`/`settle`, the v1 example routes; v1 only)',
    role: 'facilitator-x402v1',
    peer: 'root',
    args: facilitatorArgs,
  },
  {
    key: 'server-v2',
    title: 'Upstream v2 resource server (`@x402/express` 2.27), settling through the harness facilitator',
    role: 'server-v2',
    peer: 'root',
    args: serverArgs(2),
  },
  {
    key: 'server-v2-2.10',
    title: 'Upstream v2 resource server (`@x402/express` 2.10.0), settling through the harness facilitator',
    role: 'server-v2',
    peer: 'x402-2.10',
    args: serverArgs(2),
  },
  {
    key: 'server-v1',
    title: 'Legacy v1 resource server (`x402-express` 1.2.0), settling through the harness facilitator',
    role: 'server-v1',
    peer: 'root',
    args: serverArgs(1),
  },
]

// --- Consequences: the calibrated judgement of each MUST failure, in one line (docs/interop.md). ---
// Keyed by case id, or by 'TARGET-KEY CASE-ID' where one peer fails the same case for another reason.
// A failing MUST case without an entry is shown with the first line of its failure message.

const issue3015 = 'x402-foundation/x402#3015'
const issue2961 = 'x402-foundation/x402#2961 (fixed in 2.x by PR #2974)'
const r500Dispatch: Note = {
  consequence:
    '5xx to client input: the facilitator throws "No facilitator registered for …" on an unknown version, scheme or network and the example server maps every throw to 500',
  issue: issue3015,
}
const r500Unvalidated: Note = {
  consequence:
    '5xx to client input: a missing or mistyped member reaches BigInt() or a dereference unvalidated and the throw is answered 500 with the JS error text',
  issue: issue3015,
}
const rNonceManager: Note = {
  consequence:
    'no nonce manager: concurrent settles of distinct valid payments take the same account nonce and all but one fail; a paying client is refused',
  issue: 'none upstream for the example wiring (same defect class: daydreamsai/facilitator PR #46)',
}
const rSuccessNoTx: Note = {
  consequence:
    'paid content served when the facilitator answers success with an empty transaction: content delivered without a settled payment',
  issue: 'none found',
}
const rNoTimeout: Note = {
  consequence: 'no timeout on facilitator calls: a facilitator that never answers holds every paid request open',
  issue: issue2961,
}

const notes: Record<string, Note> = {
  ...Object.fromEntries(
    [
      'facilitator.envelopes.network-not-caip2',
      'facilitator.envelopes.network-v1-empty',
      'facilitator.envelopes.version-string',
      'facilitator.envelopes.version-zero',
      'facilitator.match.foreign-network',
      'facilitator.match.unsupported-scheme',
      'facilitator.transport.payload-not-object',
      'facilitator.transport.unknown-version',
      'facilitator.verification.network-not-evm',
    ].map((id) => [id, r500Dispatch]),
  ),
  ...Object.fromEntries(
    [
      'facilitator.amount.wire-decimal-point',
      'facilitator.amount.wire-exponent',
      'facilitator.envelopes.amount-field-garbage',
      'facilitator.envelopes.requirements-no-pay-to',
      'facilitator.envelopes.v1-request-v2-payload',
      'facilitator.envelopes.v2-payload-no-accepted',
      'facilitator.envelopes.v2-request-v1-requirements',
      'facilitator.envelopes.valid-before-exponent',
      'facilitator.transport.authorization-missing',
      'facilitator.transport.inner-payload-missing',
      'facilitator.verification.no-throw-wrong-types',
    ].map((id) => [id, r500Unvalidated]),
  ),
  'facilitator.nonce.distinct-concurrent': rNonceManager,
  'facilitator.settle.nonce-management': rNonceManager,
  'facilitator-x402v1 facilitator.amount.overpay': {
    consequence:
      'an authorization for more than the price verifies (value >= price) and settles: the payer is charged more than the price',
    issue: 'none found (fixed in @x402/evm 2.x: exact value)',
  },
  'facilitator-x402v1 facilitator.nonce.used-verify': {
    consequence:
      'an authorization already used on chain verifies isValid:true (no authorizationState read, no simulation): a server that serves on verify serves a spent payment',
    issue: 'none found',
  },
  'facilitator-x402v1 facilitator.nonce.cancelled': {
    consequence:
      'a cancelled authorization verifies isValid:true (no authorizationState read, no simulation): a server that serves on verify serves an unpayable payment',
    issue: 'none found',
  },
  'facilitator-x402v1 facilitator.envelopes.null-optional': {
    consequence:
      'requirements with "outputSchema": null (as in the v1 spec examples) are refused 400 by the zod schema: a server that sends them cannot be paid',
    issue: 'none found',
  },
  'server.matching.other-origin': {
    consequence:
      "the payment's resource.url is never compared with the request: a payment made for another origin is served here",
    issue: 'none in x402-foundation/x402 (same defect: x402-rs/x402-rs#111, michielpost/x402-dotnet#18)',
  },
  'server.hostile.lie-valid-claims-success': rSuccessNoTx,
  'server.hostile.settle-success-without-transaction': rSuccessNoTx,
  'server.hostile.verify-slow': rNoTimeout,
  'server.hostile.settle-slow': rNoTimeout,
}

// Root causes seen in the calibration of 2026-12-01 (docs/interop.md, "Calibration").
const sameAs5xxSweep: Note = {
  consequence:
    '5xx to client input (same root cause as `facilitator.verification.no-5xx-invalid`, reported again because this input is outside its sweep)',
  issue: issue3015,
}
const rRedirect: Note = {
  consequence:
    "the facilitator client follows a 307 to another host and acts on that host's verdict: paid content served, nothing charged (needs a facilitator URL that redirects)",
  issue: 'none found',
}
const rHead: Note = {
  consequence:
    "too strict as evidenced: HEAD is answered 200 by express's GET handler without payment (D13), no body is sent; the handler running unpaid matters only for handlers with side effects",
  issue: 'x402-foundation/x402#1692 (a comment there; before calibration)',
}
Object.assign(notes, {
  'facilitator.verification.no-5xx-invalid': {
    consequence:
      '5xx to client input: an unknown version, scheme or network throws "No facilitator registered for …", and unvalidated members reach BigInt() or a dereference; the example server maps every throw to 500',
    issue: issue3015,
  },
  'facilitator.verification.no-throw-wrong-types': sameAs5xxSweep,
  'facilitator.transport.payload-not-object': sameAs5xxSweep,
  'facilitator.transport.inner-payload-missing': sameAs5xxSweep,
  'facilitator.transport.authorization-missing': sameAs5xxSweep,
  'facilitator.transport.unknown-version': sameAs5xxSweep,
  'facilitator.robustness.settle-retry-names-transaction': {
    consequence:
      'a settle repeated after success is refused without naming the settling transaction: a server that retries after a lost answer refuses a payer who was charged (no upstream server retries)',
    issue: 'none found',
  },
  'facilitator.robustness.deep-nesting': {
    consequence:
      'suite bug (S1): the 10,000-deep top-level x402Version is ignored and the correct payment is judged by its payload (what `robustness.version-from-payload` asks): 200, 69 bytes, nothing wrong moved',
  },
  'facilitator.attack-race.cancel-non-reverting-token': {
    consequence:
      'settle answers success for an authorization cancelled after verify: the transaction mines on a token that does not revert, nothing moves, and a server serves what nobody paid for',
    issue: 'none found',
  },
  'facilitator.settle.front-run-non-transferring': {
    consequence:
      "too strict: after a front-run on a non-reverting token, success names the facilitator's own no-op transaction; the payee was paid once by the front-run, only the receipt is wrong",
    issue: 'none',
  },
  'facilitator.attack-malformed.no-5xx-no-internals': sameAs5xxSweep,
  'facilitator.attack-malformed.never-valid': {
    consequence:
      'suite bug (S7): the stimulus that was answered valid and settled changes only the client\'s accepted.asset to "USDC"; the server\'s requirements name the real asset, so the payment settles exactly as required (an accepted mismatch, hygiene)',
  },
  'facilitator.robustness.settle-retry-after-expiry': {
    consequence:
      'a settle repeated after validBefore is refused without naming the transaction that settled in time: a server that retries after a lost answer refuses a payer who was charged (no upstream server retries)',
    issue: 'none found',
  },
  'server.hostile.settle-redirect': rRedirect,
  'server.hostile.verify-redirect-forged': rRedirect,
  'server.attack-race.success-as-number': {
    consequence:
      'a settle answered "success": 1 (a number) is taken as success: paid content served, the payer never charged (needs a faulty facilitator)',
    issue: 'none found',
  },
  'server.attack-race.valid-as-string': {
    consequence:
      'verdicts "isValid": "true" and "success": 1 for a forged payment are taken as success: paid content served, nobody charged (needs a faulty facilitator)',
    issue: 'none found',
  },
  'server.paths.head-not-free': rHead,
  'server.paths.head-forged-payment': rHead,
  'server.matching.address-case': {
    consequence:
      'too strict: a correct payment whose accepted spells payTo/asset in another letter case is refused 402, nothing charged; no upstream client re-cases addresses',
    issue: 'none',
  },
  'server.robustness.long-paid-path': {
    consequence:
      'suite bug (S2): the server answered (402 whose PAYMENT-REQUIRED header carries the 12 KB URL); the harness\'s own HTTP client failed on the header size ("Header overflow") and reported no answer',
  },
  'server.robustness.deep-nesting': {
    consequence:
      'suite bug (S3): the header is a correct signed payment plus one unknown deep member; serving it is what a lenient reader does (the case reads no ledger), and no 5xx, hang or crash was seen',
  },
} satisfies Record<string, Note>)

const noteOf: NoteOf = (run, c) => notes[`${run.key} ${c.id}`] ?? notes[c.id]

// --- The @x402 2.10 peer: installed on demand, served by a copy of the helpers. ---

const peerSource = join(interopDir, 'peers', 'x402-2.10')
const peerHome = join(root, '.x402', 'peers', 'x402-2.10')
const helperFiles = ['serve-upstream.ts', 'listen.ts', ...readdirSync(join(interopDir, 'upstream')).map((f) => `upstream/${f}`)]

/** Installs @x402 2.10 into .x402/peers/x402-2.10 (once per lock) and copies the serve helpers next to it. */
function preparePeer210(): string {
  mkdirSync(join(peerHome, 'upstream'), { recursive: true })
  const lock = readFileSync(join(peerSource, 'package-lock.json'), 'utf8')
  const installedLock = join(peerHome, 'package-lock.json')
  if (!existsSync(join(peerHome, 'node_modules')) || !existsSync(installedLock) || readFileSync(installedLock, 'utf8') !== lock) {
    copyFileSync(join(peerSource, 'package.json'), join(peerHome, 'package.json'))
    writeFileSync(installedLock, lock)
    process.stderr.write(`interop-report: installing @x402 2.10 into ${relative(root, peerHome)} (npm ci)\n`)
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: peerHome, stdio: 'inherit' })
  }
  for (const file of helperFiles) copyFileSync(join(interopDir, file), join(peerHome, file))
  // The helpers must resolve the pinned packages, not the root's 2.27 (Node falls back upwards silently
  // when a package is missing next to them; their package.json is not an export, so read the file).
  for (const name of ['@x402/core', '@x402/evm', '@x402/express']) {
    const manifest = join(peerHome, 'node_modules', name, 'package.json')
    const version = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : 'nothing'
    if (version !== '2.10.0') throw new Error(`${name} is ${version} in ${peerHome}, expected 2.10.0`)
  }
  return join(peerHome, 'serve-upstream.ts')
}

const shellQuote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`

/** serve-upstream.ts of the peer, bundled with its dependencies into one ES module; its path. */
async function bundle(target: Target): Promise<string> {
  const entry = target.peer === 'x402-2.10' ? preparePeer210() : servePath
  const outfile = join(root, '.x402', 'peers', `serve-${target.peer}.mjs`)
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
    // Some CommonJS dependencies call require(); give the ES module one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  })
  return outfile
}

async function runTarget(target: Target, dir: string, seed: string | undefined): Promise<void> {
  const serve = await bundle(target)
  const exec = `${shellQuote(process.execPath)} ${shellQuote(serve)} ${target.role}`
  const file = join(dir, `${target.key}.json`)
  const args = ['run', '--exec', exec, ...target.args, '--json', file, ...(seed === undefined ? [] : ['--seed', seed])]
  process.stderr.write(`interop-report: ${target.key}\n`)
  const code = await main(args)
  // 3: the target died or stopped answering mid-run; the report (if written) says which case.
  if (code === 3 && existsSync(file)) return
  if (code !== 0 && code !== 1 && code !== 4) throw new Error(`the run against ${target.key} ended with exit code ${code}`)
}

function displayCommand(target: Target): string {
  const serve =
    target.peer === 'x402-2.10'
      ? `${relative(root, peerHome).split('\\').join('/')}/serve-upstream.ts`
      : relative(root, servePath).split('\\').join('/')
  return `x402-conformance run --exec "node <bundle of ${serve}> ${target.role}" ${target.args.join(' ')}`
}

async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      from: { type: 'string' },
      only: { type: 'string' },
      doc: { type: 'string' },
      seed: { type: 'string' },
    },
  })
  const only = values.only?.split(',').map((s) => s.trim())
  const unknown = only?.filter((key) => !targets.some((t) => t.key === key)) ?? []
  if (unknown.length > 0) throw new Error(`unknown peer ${unknown.join(', ')}; peers: ${targets.map((t) => t.key).join(', ')}`)
  const chosen = targets.filter((t) => only === undefined || only.includes(t.key))
  const dir = values.from ?? values.out ?? mkdtempSync(join(tmpdir(), 'x402-interop-'))
  mkdirSync(dir, { recursive: true })
  if (values.from === undefined) {
    for (const target of chosen) await runTarget(target, dir, values.seed)
  }
  const runs: InteropRun[] = chosen.map((target) => {
    const file = join(dir, `${target.key}.json`)
    return {
      key: target.key,
      title: target.title,
      command: displayCommand(target),
      report: existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ReportSummary) : null,
    }
  })
  const docPath = values.doc ?? join(root, 'docs', 'interop.md')
  const section = renderSection(runs, 'tsx scripts/interop-report.ts', noteOf)
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
