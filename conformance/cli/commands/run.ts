import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { X402Error } from '../../../src/errors/X402Error.js'
import type { Version } from '../../case.js'
import { EnvironmentError } from '../../context/failure.js'
import { UsageError } from '../../errors.js'
import { withFuzz } from '../../fuzz/cases.js'
import { loadCases } from '../../registry.js'
import { buildReport } from '../../report/report.js'
import { toHtml } from '../../report/html.js'
import { toJUnit } from '../../report/junit.js'
import { toBadge } from '../../report/badge.js'
import { toSarif } from '../../report/sarif.js'
import { toSummaryMarkdown } from '../../report/summaryMarkdown.js'
import { createTerminalReporter, terminalOptionsFor } from '../../report/terminal.js'
import { exitCodeOf, runCases, selectJobs } from '../../runner.js'
import { openSessionWithLanes } from '../../targets/session.js'
import { clientContextOf, parseClientOptions } from '../../client/options.js'
import { openClientSession } from '../../client/harness.js'
import type { ClientLimits } from '../../client/harness.js'
import { usageFailure } from '../args.js'
import { watchDeath } from '../deathWatch.js'
import { exitCodes } from '../main.js'
import { watchParent } from '../parentWatch.js'
import { parseTargetFlags, targetFlagOptions, targetFlagsHelp } from '../targetFlags.js'
import type { TargetFlags } from '../targetFlags.js'

export const summary = 'run the conformance suite (default: against the embedded reference roles)'

const help = `usage: x402-conformance [run] [options]

targets (none: the embedded reference facilitator and server on a fresh local chain)
  --facilitator URL      a facilitator under test (the harness plays the resource server)
  --server URL           a paid resource URL under test (repeatable; the harness plays the client)
  --failing-route URL    a paid URL of the server under test whose handler fails (500, or the status in
                         ?status= when supported): enables the no-charge-on-handler-failure cases
  --hostile-facilitator-port N  with --server: the server under test was started with its facilitator at
                         http://127.0.0.1:N; the harness listens there (a reference facilitator on the harness
                         chain behind a proxy that misbehaves per case), so the server.hostile and
                         server.attack-race cases run against it
  --client CMD           a paying client under test: per case the harness serves a paid endpoint on 127.0.0.1 and
                         runs CMD once with '{URL}' replaced and X402_PRIVATE_KEY, X402_RPC_URL, X402_CHAIN_ID,
                         X402_NETWORK, X402_NETWORK_V1, X402_ASSET (and the limits below) in its environment
  --client-max-per-request N  the most the client pays per request (atomic units; X402_MAX_PER_REQUEST)
  --client-budget N      the most the client pays in total (atomic units; X402_BUDGET); limit cases run with them
  --rpc URL              use this running anvil (e.g. from 'x402-conformance chain', which the implementation
                         under test already uses) instead of starting one; the harness deploys its contracts on it
                         (any other JSON-RPC chain: with --payer-key, below)
  --exec CMD             start the chain and a reference facilitator, spawn CMD with the X402_* environment
                         and PORT, wait until it answers, run, stop it. With --facilitator/--server, '{PORT}'
                         in their URL is replaced; without, a facilitator is detected by GET /supported.
                         If CMD exits or stops answering mid-run, the remaining cases are not run (exit 3).
${targetFlagsHelp}
selection
  --grep PATTERN         only cases whose id, clause or title matches (regular expression)
  --version 1|2          only this protocol version
  --known-failures FILE  ids (or id@v2) expected to fail, one per line, # comments; a listed case that
                         passes is stale and fails the run
behaviour
  --strict               SHOULD cases fail the run; reason codes must be our canonical spelling
  --seed N               seed of keys, nonces and property-based generation (printed on every run)
  --runs N               runs per property-based case (default 10)
  --fuzz N               also send N generated inputs per role, half per protocol version (malformed and
                         adversarial bodies, headers, paths, mutated payments), seeded by --seed, shrunk on
                         failure; the <role>.fuzz.* cases report each oracle (--grep '\\.fuzz\\.' runs only them)
  --timeout MS           per-case timeout (default 30000)
  --concurrency N        cases at a time (default 6; exclusive cases run alone: on the embedded target
                         on two chains of their own beside the others, elsewhere after them)
reports
  --json FILE            versioned JSON report (schemas/report.schema.json)
  --junit FILE           JUnit XML
  --html FILE            one self-contained HTML file
  --sarif FILE           SARIF 2.1.0, for code-scanning UIs (one rule per case, level from harm)
  --badge FILE           an SVG badge: pass, or failures by harm
  --summary FILE         a Markdown job summary (also appended to $GITHUB_STEP_SUMMARY when it is set)
  --verbose              also print why cases were skipped
  --quiet                print only failures, warnings and the summary

exit codes: 0 pass, 1 failures, 2 usage error, 3 environment failure, 4 invalid run (a control failed)`

const usageError = (message: string) => usageFailure('run', message, `\n${help}`)

function readKnownFailures(file: string): Set<string> {
  const ids = new Set<string>()
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const id = line.replace(/#.*$/, '').trim()
    if (id) ids.add(id)
  }
  return ids
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, text)
}

/** `x402-conformance run`: runs the suite and writes the reports; resolves to the exit code. */
export async function run(argv: string[]): Promise<number> {
  let values
  try {
    values = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        facilitator: { type: 'string' },
        server: { type: 'string', multiple: true },
        exec: { type: 'string' },
        client: { type: 'string' },
        'client-max-per-request': { type: 'string' },
        'client-budget': { type: 'string' },
        rpc: { type: 'string' },
        'failing-route': { type: 'string' },
        'hostile-facilitator-port': { type: 'string' },
        version: { type: 'string' },
        grep: { type: 'string' },
        strict: { type: 'boolean', default: false },
        seed: { type: 'string' },
        runs: { type: 'string' },
        fuzz: { type: 'string' },
        timeout: { type: 'string' },
        concurrency: { type: 'string' },
        json: { type: 'string' },
        junit: { type: 'string' },
        html: { type: 'string' },
        sarif: { type: 'string' },
        badge: { type: 'string' },
        summary: { type: 'string' },
        'known-failures': { type: 'string' },
        verbose: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        ...targetFlagOptions,
      },
    }).values
  } catch (error) {
    return usageError((error as Error).message)
  }
  if (values.help) {
    process.stdout.write(`${help}\n`)
    return exitCodes.pass
  }
  const int = (name: string, value: string | undefined, fallback: number, min: number) => {
    if (value === undefined) return fallback
    if (!/^[0-9]+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
      throw new UsageError({ shortMessage: `--${name} must be an integer ≥ ${min}, got '${value}'` })
    }
    return Number(value)
  }
  let targetFlags: TargetFlags
  let clientLimits: ClientLimits | undefined
  let hostilePort: number | undefined
  let seed: number,
    runs: number,
    fuzz: number | undefined,
    timeoutMs: number,
    concurrency: number,
    grep: RegExp | undefined,
    version: Version | undefined,
    knownFailures: Set<string>
  try {
    seed = int('seed', values.seed, Math.floor(Math.random() * 2 ** 31), 0)
    runs = int('runs', values.runs, 10, 1)
    fuzz = values.fuzz === undefined ? undefined : int('fuzz', values.fuzz, 0, 1)
    timeoutMs = int('timeout', values.timeout, 30_000, 100)
    concurrency = int('concurrency', values.concurrency, 6, 1)
    if (values.version !== undefined && values.version !== '1' && values.version !== '2') {
      throw new UsageError({ shortMessage: `--version must be 1 or 2, got '${values.version}'` })
    }
    version = values.version === undefined ? undefined : (Number(values.version) as Version)
    try {
      grep = values.grep === undefined ? undefined : new RegExp(values.grep)
    } catch {
      throw new UsageError({ shortMessage: `--grep is not a valid regular expression: ${values.grep}` })
    }
    knownFailures = values['known-failures'] === undefined ? new Set() : readKnownFailures(values['known-failures'])
    if (values.rpc !== undefined && !/^https?:\/\//.test(values.rpc)) {
      throw new UsageError({ shortMessage: `--rpc must be an http(s) URL, got ${values.rpc}` })
    }
    clientLimits = parseClientOptions(values)
    hostilePort =
      values['hostile-facilitator-port'] === undefined
        ? undefined
        : int('hostile-facilitator-port', values['hostile-facilitator-port'], 0, 1)
    if (hostilePort !== undefined && (hostilePort > 65535 || (values.server ?? []).length === 0 || values.exec !== undefined))
      throw new UsageError({
        shortMessage: '--hostile-facilitator-port takes a port (1-65535) and needs --server, without --exec',
      })
    targetFlags = parseTargetFlags(values)
    for (const u of [values.facilitator, ...(values.server ?? [])]) {
      if (u !== undefined && !values.exec && !/^https?:\/\//.test(u))
        throw new UsageError({ shortMessage: `not an http(s) URL: ${u}` })
    }
  } catch (error) {
    return usageError(error instanceof UsageError ? error.shortMessage : (error as Error).message)
  }

  const progress = values.quiet ? undefined : (line: string) => process.stderr.write(`${line}\n`)
  const fuzzing = fuzz === undefined ? undefined : { inputs: fuzz, seed, progress }
  const cases = withFuzz(await loadCases(), fuzzing).filter((c) => (values.client === undefined) === (c.role !== 'client'))
  const jobs = selectJobs(cases, { grep, version })
  const out = terminalOptionsFor(process.stdout)
  const log = (line: string) => process.stderr.write(`${line}\n`)
  const startedAt = new Date()
  const t0 = performance.now()
  let opened
  try {
    const common = { rpc: values.rpc, seed, runs, strict: values.strict }
    const target = {
      ...common,
      facilitator: values.facilitator,
      servers: values.server ?? [],
      exec: values.exec,
      failingRoute: values['failing-route'],
      hostileFacilitatorPort: hostilePort,
      log,
      // No answer at all for half a case's time limit: a case would time out against it; it hangs.
      hangMs: Math.min(20_000, Math.max(3_000, timeoutMs / 2)),
      ...targetFlags,
    }
    // On the embedded reference, the exclusive cases (mining held, races, outages) get chains of their own and
    // run beside the pool instead of after it (docs/decisions.md).
    const lanes = concurrency > 1 && jobs.some((j) => j.kase.exclusive)
    opened =
      values.client !== undefined
        ? await openClientSession({ command: values.client, limits: clientLimits ?? {}, ...common })
        : await openSessionWithLanes(target, lanes)
  } catch (error) {
    if (error instanceof EnvironmentError || error instanceof X402Error) {
      process.stderr.write(`x402-conformance: environment failure: ${error.message}\n`)
      return exitCodes.environment
    }
    throw error
  }
  const { session, close } = opened
  const stop = () => {
    void close().finally(() => process.exit(130))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  const unwatchParent = watchParent(stop)
  const deaths = watchDeath(cases, 'died' in opened ? opened.died : undefined, (text) => process.stderr.write(text))
  try {
    const reporter = createTerminalReporter(
      { ...out, verbose: values.verbose, quiet: values.quiet },
      jobs.length + cases.filter((c) => c.control).length,
    )
    const outcome = await runCases(session, deaths.cases, {
      grep,
      version,
      strict: values.strict,
      timeoutMs,
      knownFailures,
      concurrency,
      exclusiveSessions: 'lanes' in opened ? opened.lanes : undefined,
      clientContext: 'harness' in opened ? clientContextOf(opened.harness) : undefined,
      onStart: (id, v) => {
        deaths.started(id, v)
        reporter.start(id, v)
      },
      onResult: (r) => {
        deaths.ended(r.id, r.version)
        reporter.result(r)
      },
    })
    // A target that died mid-run is an environment failure: what ran is reported, the rest was not run.
    const exitCode = deaths.death() ? exitCodes.environment : exitCodeOf(outcome)
    const report = buildReport({
      outcome,
      exitCode,
      startedAt,
      durationMs: performance.now() - t0,
      options: { seed, runs, strict: values.strict, grep: values.grep ?? null, version: version ?? null },
      target: session.target,
      chain: { chainId: session.chain.chainId, network: session.chain.network, rpcUrl: session.chain.rpcUrl },
    })
    reporter.summary(report)
    if (values.json) write(values.json, `${JSON.stringify(report, null, 2)}\n`)
    if (values.junit) write(values.junit, toJUnit(report))
    if (values.html) write(values.html, toHtml(report))
    if (values.sarif) write(values.sarif, toSarif(report))
    if (values.badge) write(values.badge, toBadge(report))
    if (values.summary) write(values.summary, toSummaryMarkdown(report))
    if (process.env['GITHUB_STEP_SUMMARY']) appendFileSync(process.env['GITHUB_STEP_SUMMARY'], toSummaryMarkdown(report))
    return exitCode
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
    unwatchParent()
    await close()
  }
}
