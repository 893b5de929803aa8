import type { Harm, Level } from '../conformance/case.js'
import type { ReportStatus } from '../conformance/report/harm.js'
import { buildReport } from '../conformance/report/report.js'
import type { Report } from '../conformance/report/report.js'
import type { CaseResult } from '../conformance/runner.js'

/** A result built by hand, on a real clause of spec/. */
export function sampleResult(
  id: string,
  status: ReportStatus,
  harm: Harm | undefined,
  options: { level?: Level; clause?: string; role?: 'facilitator' | 'server' } = {},
): CaseResult {
  return {
    id: `${options.role ?? 'facilitator'}.test.${id}`,
    version: 2,
    clause: options.clause ?? 'exact-evm.verify.amount-exact',
    level: options.level ?? 'MUST',
    harm,
    role: options.role ?? 'facilitator',
    title: `the ${id} case runs`,
    tags: [],
    control: false,
    status: status as CaseResult['status'],
    message: status === 'pass' ? undefined : `${id} went wrong`,
    evidence: status === 'fail' ? { settled: 10001n } : undefined,
    durationMs: 3,
    transcript: [],
    ledger: [],
    info: [],
  }
}

const hygiene = { clause: 'envelopes.closed-exact-evm', level: 'SHOULD' } as const

/** Every status and harm once or more: 2 funds and 1 access failing, hygiene warnings, a suite error, a stale entry. */
export const sampleResults: CaseResult[] = [
  sampleResult('overpay', 'fail', 'funds'),
  sampleResult('double-settle', 'fail', 'funds'),
  sampleResult('served', 'fail', 'access', { role: 'server' }),
  sampleResult('peer', 'pass', 'interop'),
  sampleResult('order', 'warn', 'hygiene', hygiene),
  sampleResult('member', 'warn', 'hygiene', { ...hygiene, level: 'INFO' }),
  sampleResult('known', 'xfail', 'interop'),
  sampleResult('listed', 'stale', 'interop'),
  sampleResult('ledger-crash', 'error', 'funds'),
  sampleResult('skipped', 'skip', 'interop'),
]

/** The report of `results` (default: the sample) against a facilitator and a server URL. */
export function sampleReport(results: CaseResult[] = sampleResults, strict = false): Report {
  const failing = results.some((r) => r.status === 'fail' || r.status === 'stale')
  return buildReport({
    outcome: { results, invalid: false },
    exitCode: failing ? 1 : 0,
    startedAt: new Date(0),
    durationMs: 10,
    options: { seed: 7, runs: 1, strict, grep: null, version: null },
    target: {
      kind: 'facilitator',
      facilitatorUrl: 'https://facilitator.example/',
      serverUrls: ['https://api.example/paid'],
      loopback: false,
    } as never,
    chain: { chainId: 84532, network: 'eip155:84532', rpcUrl: 'http://127.0.0.1:1' },
  })
}
