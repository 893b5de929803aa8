import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Version } from '../../case.js'
import { isLoopback } from '../../context/http.js'
import { probeCheckList } from '../../probe/checks.js'
import type { Observation } from '../../probe/observe.js'
import { probeUrls } from '../../probe/probe.js'
import { toHtml } from '../../report/html.js'
import { toJUnit } from '../../report/junit.js'
import { buildReport } from '../../report/report.js'
import { toSarif } from '../../report/sarif.js'
import { createTerminalReporter, terminalOptionsFor } from '../../report/terminal.js'
import { exitCodeOf } from '../../runner.js'
import { parseCommand, usageFailure } from '../args.js'
import { exitCodes } from '../main.js'

export const summary = 'check paid URLs of a live server without paying: the 402, its offers, headers and path spellings'

const usage = `usage: x402-conformance probe [options] URL…

Sends requests without a payment to each paid URL (GET, HEAD, OPTIONS, a trailing-slash and an
upper-case spelling) and checks the 402 challenge and its offers (spec/06-probe.md). No wallet, no chain.

  --version 1|2    require this version's challenge (default: check every version the 402 claims)
  --strict         SHOULD findings fail the probe
  --timeout MS     per request (default 10000)
  --json FILE      versioned JSON report (schemas/report.schema.json; target kind probe)
  --junit FILE     JUnit XML
  --sarif FILE     SARIF 2.1.0
  --html FILE      one self-contained HTML file
  --quiet          print only failures, warnings and the summary
  --verbose        also print why checks were skipped
  --list           list the checks (id, level, harm, clause, title) and exit

exit codes: 0 pass, 1 failures, 2 usage error, 3 a URL did not answer`

const options = {
  version: { type: 'string' },
  strict: { type: 'boolean', default: false },
  timeout: { type: 'string' },
  json: { type: 'string' },
  junit: { type: 'string' },
  sarif: { type: 'string' },
  html: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  list: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, text)
}

/** The lines `probe --list` prints: one per check. */
export function checkLines(): string[] {
  const wid = Math.max(...probeCheckList.map((c) => c.id.length))
  const wcl = Math.max(...probeCheckList.map((c) => c.clause.length))
  return probeCheckList.map((c) =>
    [c.id.padEnd(wid), c.level.padEnd(6), c.harm.padEnd(12), c.clause.padEnd(wcl), c.title].join('  '),
  )
}

/** What the probe saw of one URL, before the verdicts: status, claimed versions, offers in human units. */
export function seenLines(o: Observation, offers: readonly string[]): string[] {
  const claimed = [...o.challenges.keys()].map((v) => (v === 2 ? 'v2 (PAYMENT-REQUIRED header)' : 'v1 (JSON body)'))
  const head = `${o.url}: ${o.get.status}${claimed.length > 0 ? `, challenge ${claimed.join(' and ')}` : ''}`
  return [head, ...offers.map((line) => `  ${line}`)]
}

/** `x402-conformance probe URL…`: resolves to the exit code. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand('probe', usage, argv, options, { min: 0, max: Number.MAX_SAFE_INTEGER })
  if (typeof parsed === 'number') return parsed
  const { values, positionals: urls } = parsed
  if (values.list) {
    process.stdout.write(`${checkLines().join('\n')}\n`)
    return exitCodes.pass
  }
  if (urls.length === 0) return usageFailure('probe', 'missing URL', usage)
  const bad = urls.find((u) => !/^https?:\/\/[^/]/.test(u) || !URL.canParse(u))
  if (bad !== undefined) return usageFailure('probe', `not an http(s) URL: ${bad}`, usage)
  if (values.version !== undefined && values.version !== '1' && values.version !== '2') {
    return usageFailure('probe', `--version must be 1 or 2, got '${values.version}'`, usage)
  }
  const timeout = values.timeout ?? '10000'
  if (!/^[0-9]+$/.test(timeout) || Number(timeout) < 100)
    return usageFailure('probe', `--timeout must be an integer ≥ 100, got '${timeout}'`, usage)
  const version = values.version === undefined ? undefined : (Number(values.version) as Version)

  const startedAt = new Date()
  const t0 = performance.now()
  const outcome = await probeUrls(urls, { strict: values.strict, version, timeoutMs: Number(timeout) })
  const out = terminalOptionsFor(process.stdout)
  for (const o of outcome.observations) {
    const offers = outcome.results
      .filter((r) => r.id === 'server.probe.offer.amount' && r.evidence?.['url'] === o.url)
      .flatMap((r) => r.info)
    out.write(`${seenLines(o, [...new Set(offers)]).join('\n')}\n`)
  }
  out.write('\n')
  const reporter = createTerminalReporter({ ...out, verbose: values.verbose, quiet: values.quiet }, outcome.results.length)
  for (const r of outcome.results) reporter.result(r)
  const run = { results: outcome.results, invalid: false }
  const exitCode = exitCodeOf(run) as 0 | 1
  const report = buildReport({
    outcome: run,
    exitCode,
    startedAt,
    durationMs: performance.now() - t0,
    options: { seed: 0, runs: 1, strict: values.strict, grep: null, version: version ?? null },
    target: { kind: 'probe', facilitatorUrl: undefined, serverUrls: urls, loopback: urls.every(isLoopback) },
    chain: null,
  })
  if (outcome.results.length > 0) reporter.summary(report)
  if (values.json) write(values.json, `${JSON.stringify(report, null, 2)}\n`)
  if (values.junit) write(values.junit, toJUnit(report))
  if (values.sarif) write(values.sarif, toSarif(report))
  if (values.html) write(values.html, toHtml(report))
  if (outcome.unreachable.length > 0) {
    for (const line of outcome.unreachable) process.stderr.write(`x402-conformance probe: no answer from ${line}\n`)
    return exitCodes.environment
  }
  return exitCode
}
