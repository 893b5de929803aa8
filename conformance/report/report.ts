import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { packageRoot } from '../../src/codecs/packageRoot.js'
import { areaOf } from '../case.js'
import type { Level, Version } from '../case.js'
import type { Exchange } from '../context/http.js'
import type { LedgerDelta } from '../context/ledger.js'
import type { TargetInfo } from '../context/types.js'
import type { CaseResult, RunOutcome, Status } from '../runner.js'
import { loadClauses } from '../spec.js'
import { redactExchange } from './redact.js'

/** The JSON report's format version (schemas/report.schema.json); bumped on incompatible changes. */
export const reportVersion = 1

/** Counts per status. */
export type Counts = Record<Status, number>

/** One case at one version, as reported. */
export type CaseReport = {
  id: string
  version: Version
  clause: string
  clauseText: string | null
  level: Level
  role: 'facilitator' | 'server'
  title: string
  tags: string[]
  control: boolean
  status: Status
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
  target: { kind: TargetInfo['kind']; facilitatorUrl: string | null; serverUrls: string[]; loopback: boolean }
  chain: { chainId: number; network: string; rpcUrl: string }
  outcome: 'pass' | 'fail' | 'invalid'
  exitCode: 0 | 1 | 4
  summary: { total: number; counts: Counts; byLevel: Record<Level, Counts>; byArea: Record<string, Counts>; byClauseArea: Record<string, Counts> }
  cases: CaseReport[]
}

/** Zero counts. */
export const emptyCounts = (): Counts => ({ pass: 0, fail: 0, warn: 0, skip: 0, xfail: 0, stale: 0 })

function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version
  } catch {
    return '0.0.0'
  }
}

/** Makes evidence plain JSON (bigints as strings). */
export function plain(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as unknown)
}

/** Builds the report of a run. Transcripts are redacted when the target is not on loopback. */
export function buildReport(input: {
  outcome: RunOutcome
  exitCode: 0 | 1 | 4
  startedAt: Date
  durationMs: number
  options: Report['options']
  target: TargetInfo
  chain: Report['chain']
}): Report {
  const clauses = loadClauses()
  const counts = emptyCounts()
  const byLevel: Record<Level, Counts> = { MUST: emptyCounts(), SHOULD: emptyCounts(), INFO: emptyCounts() }
  const byArea: Record<string, Counts> = {}
  const byClauseArea: Record<string, Counts> = {}
  const cases = input.outcome.results.map((r: CaseResult): CaseReport => {
    counts[r.status]++
    byLevel[r.level][r.status]++
    ;(byArea[areaOf(r.id)] ??= emptyCounts())[r.status]++
    ;(byClauseArea[areaOf(r.clause)] ??= emptyCounts())[r.status]++
    return {
      id: r.id,
      version: r.version,
      clause: r.clause,
      clauseText: clauses.get(r.clause)?.text ?? null,
      level: r.level,
      role: r.role,
      title: r.title,
      tags: [...r.tags],
      control: r.control,
      status: r.status,
      message: r.message ?? null,
      evidence: plain(r.evidence),
      durationMs: r.durationMs,
      info: [...r.info],
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
    target: { kind: input.target.kind, facilitatorUrl: input.target.facilitatorUrl ?? null, serverUrls: [...input.target.serverUrls], loopback: input.target.loopback },
    chain: input.chain,
    outcome: input.outcome.invalid ? 'invalid' : input.exitCode === 0 ? 'pass' : 'fail',
    exitCode: input.exitCode,
    summary: { total: cases.length, counts, byLevel, byArea, byClauseArea },
    cases,
  }
}
