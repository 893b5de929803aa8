import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { packageRoot } from '../../src/codecs/packageRoot.js'
import { areaOf } from '../case.js'
import type { Level, Version } from '../case.js'
import type { Exchange } from '../context/http.js'
import type { LedgerDelta } from '../context/ledger.js'
import type { TargetInfo } from '../context/types.js'
import type { CaseResult, RunOutcome } from '../runner.js'
import { loadClauses } from '../spec.js'
import { emptyByHarm, emptyCounts, harmHeadline, harmOf } from './harm.js'
import type { Counts, ReportHarm, ReportStatus } from './harm.js'
import { redactExchange, redactValue } from './redact.js'

/** The JSON report's format version (schemas/report.schema.json); bumped on incompatible changes. */
export const reportVersion = 2

export { emptyCounts }
export type { Counts, ReportHarm, ReportStatus }

/** One case at one version, as reported. */
export type CaseReport = {
  id: string
  version: Version
  clause: string
  clauseText: string | null
  level: Level
  /** What the failure costs (DESIGN §10); `unclassified` when the case does not declare it. */
  harm: ReportHarm
  role: 'facilitator' | 'server' | 'client'
  title: string
  tags: string[]
  control: boolean
  status: ReportStatus
  message: string | null
  evidence: unknown
  durationMs: number
  info: string[]
  transcript: Exchange[]
  ledger: LedgerDelta[]
}

/** The whole run (`--json`). */
export type Report = {
  reportVersion: typeof reportVersion
  tool: { name: string; version: string }
  startedAt: string
  durationMs: number
  options: { seed: number; runs: number; strict: boolean; grep: string | null; version: Version | null }
  /** `probe`: `x402-conformance probe` (no chain, no payment). */
  target: { kind: TargetInfo['kind'] | 'probe'; facilitatorUrl: string | null; serverUrls: string[]; loopback: boolean }
  /** null for a probe, which uses no chain. */
  chain: { chainId: number; network: string; rpcUrl: string } | null
  outcome: 'pass' | 'fail' | 'invalid'
  exitCode: 0 | 1 | 3 | 4
  summary: {
    /** Failures by harm first: '2 funds, 1 access, 0 availability, 6 interop failing; 40 hygiene (fail under --strict)'. */
    headline: string
    total: number
    counts: Counts
    byHarm: Record<ReportHarm, Counts>
    byLevel: Record<Level, Counts>
    byArea: Record<string, Counts>
    byClauseArea: Record<string, Counts>
  }
  cases: CaseReport[]
}

function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version
  } catch {
    return '0.0.0'
  }
}

/** Makes evidence plain JSON (bigints as strings). */
export function plain(value: unknown): unknown {
  return value === undefined
    ? null
    : (JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as unknown)
}

/** Builds the report of a run. Transcripts, evidence and messages are redacted when the target is not on loopback. */
export function buildReport(input: {
  outcome: RunOutcome
  exitCode: 0 | 1 | 3 | 4
  startedAt: Date
  durationMs: number
  options: Report['options']
  target: Pick<TargetInfo, 'facilitatorUrl' | 'serverUrls' | 'loopback'> & { kind: Report['target']['kind'] }
  chain: Report['chain']
}): Report {
  const clauses = loadClauses()
  const counts = emptyCounts()
  const byHarm = emptyByHarm()
  const byLevel: Record<Level, Counts> = { MUST: emptyCounts(), SHOULD: emptyCounts(), INFO: emptyCounts() }
  const byArea: Record<string, Counts> = {}
  const byClauseArea: Record<string, Counts> = {}
  // Not on loopback, a signature in evidence or a message (base64 payment headers included) is money.
  const hide = <T>(value: T): T => (input.target.loopback ? value : (redactValue(value) as T))
  const cases = input.outcome.results.map((r: CaseResult): CaseReport => {
    const status = r.status as ReportStatus
    const harm = harmOf(r)
    counts[status]++
    byHarm[harm][status]++
    byLevel[r.level][status]++
    ;(byArea[areaOf(r.id)] ??= emptyCounts())[status]++
    ;(byClauseArea[areaOf(r.clause)] ??= emptyCounts())[status]++
    return {
      id: r.id,
      version: r.version,
      clause: r.clause,
      clauseText: clauses.get(r.clause)?.text ?? null,
      level: r.level,
      harm,
      role: r.role,
      title: r.title,
      tags: [...r.tags],
      control: r.control,
      status,
      message: r.message === undefined ? null : hide(r.message),
      evidence: hide(plain(r.evidence)),
      durationMs: r.durationMs,
      info: r.info.map(hide),
      transcript: r.transcript.map((x) => (input.target.loopback ? x : redactExchange(x))).map((x) => plain(x) as Exchange),
      ledger: [...r.ledger],
    }
  })
  return {
    reportVersion,
    tool: { name: 'x402-conformance', version: toolVersion() },
    startedAt: input.startedAt.toISOString(),
    durationMs: Math.round(input.durationMs),
    options: input.options,
    target: {
      kind: input.target.kind,
      facilitatorUrl: input.target.facilitatorUrl ?? null,
      serverUrls: [...input.target.serverUrls],
      loopback: input.target.loopback,
    },
    chain: input.chain,
    outcome: input.outcome.invalid ? 'invalid' : input.exitCode === 0 ? 'pass' : 'fail',
    exitCode: input.exitCode,
    summary: {
      headline: harmHeadline(byHarm, input.options.strict),
      total: cases.length,
      counts,
      byHarm,
      byLevel,
      byArea,
      byClauseArea,
    },
    cases,
  }
}
