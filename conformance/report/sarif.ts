import type { Clause } from '../spec.js'
import { loadClauses } from '../spec.js'
import type { Report } from './report.js'

type Case = Report['cases'][number]

/** A SARIF 2.1.0 `level`. */
export type SarifLevel = 'error' | 'warning' | 'note'

type Message = { text: string; markdown?: string }
type Notification = { descriptor: { id: string }; level: SarifLevel; message: Message; properties?: Record<string, unknown> }

/** The parts of a SARIF 2.1.0 log that `toSarif` writes (the full format: test/sarif-schema/). */
export type SarifLog = {
  $schema: string
  version: '2.1.0'
  runs: [
    {
      tool: { driver: { name: string; version: string; semanticVersion: string; rules: SarifRule[] } }
      automationDetails: { id: string }
      invocations: [
        {
          executionSuccessful: boolean
          exitCode: number
          startTimeUtc: string
          endTimeUtc: string
          toolExecutionNotifications: Notification[]
          toolConfigurationNotifications: Notification[]
          properties: Record<string, unknown>
        },
      ]
      originalUriBaseIds: Record<string, { description: Message }>
      results: SarifResult[]
      properties: Record<string, unknown>
    },
  ]
}

/** One rule: a case. */
export type SarifRule = {
  id: string
  shortDescription: Message
  fullDescription: Message
  help: Message
  defaultConfiguration: { level: SarifLevel }
  properties: Record<string, unknown>
}

/** One finding: a case that failed (or warned, or failed as expected) at one protocol version. */
export type SarifResult = {
  ruleId: string
  ruleIndex: number
  level: SarifLevel
  message: Message
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region?: { startLine: number } } }[]
  partialFingerprints: Record<string, string>
  properties: Record<string, unknown>
  suppressions?: { kind: 'external'; status: 'accepted'; justification: string }[]
}

/** The base of every location: the root of the x402-conformance package, whose spec/ holds the clauses. */
const specBase = 'X402_CONFORMANCE'

/** What a failure of a case costs, as a SARIF level: every harm but hygiene is an error (DESIGN §10). */
function ruleLevel(c: Case): SarifLevel {
  if (c.harm !== 'hygiene') return 'error'
  return c.level === 'INFO' ? 'note' : 'warning'
}

/** A result's level: its rule's, except that a warning of a serious harm (it did not fail the run) is a warning. */
function resultLevel(c: Case): SarifLevel {
  const level = ruleLevel(c)
  return level === 'error' && c.status === 'warn' ? 'warning' : level
}

/** GitHub code scanning sorts rules tagged `security` by this score; money and paid content lead. */
const securitySeverity: Partial<Record<Case['harm'], string>> = { funds: '9.0', access: '8.0' }

function rule(c: Case, clause: Clause | undefined, toolVersion: string): SarifRule {
  const text = c.clauseText ?? c.title
  const where = clause ? `spec/${clause.file}` : 'spec/'
  const line = clause ? ` line ${clause.line}` : ''
  const link = clause ? `[\`${where}\`${line}](${where}#L${clause.line})` : `\`${where}\``
  const grep = `^${c.id.replace(/\./g, '\\.')}$`
  const severity = securitySeverity[c.harm]
  return {
    id: c.id,
    shortDescription: { text },
    fullDescription: { text: `${text} (clause ${c.clause}, ${c.level}, harm: ${c.harm}; this case checks that ${c.title})` },
    help: {
      text: `Clause ${c.clause} (${c.level}, harm: ${c.harm}): ${text}\nSee ${where}${line} of x402-conformance ${toolVersion}.`,
      markdown:
        `**${c.clause}** (${c.level}, harm: ${c.harm}): ${text}\n\n` +
        `The clause: ${link} of x402-conformance ${toolVersion}. This case checks that ${c.title}.\n\n` +
        `Run it alone: \`npx x402-conformance --grep '${grep}'\``,
    },
    defaultConfiguration: { level: ruleLevel(c) },
    properties: {
      harm: c.harm,
      level: c.level,
      clause: c.clause,
      role: c.role,
      tags: ['x402', c.harm, c.level, c.role, ...(severity ? ['security'] : [])],
      ...(severity ? { 'security-severity': severity } : {}),
    },
  }
}

function targetUrls(report: Report, c: Case): string[] {
  const { facilitatorUrl, serverUrls } = report.target
  return c.role === 'facilitator' ? (facilitatorUrl ? [facilitatorUrl] : []) : serverUrls
}

function result(report: Report, c: Case, ruleIndex: number, clause: Clause | undefined): SarifResult {
  const region = clause ? { region: { startLine: clause.line } } : {}
  const uri = clause ? `spec/${clause.file}` : 'spec/'
  return {
    ruleId: c.id,
    ruleIndex,
    level: resultLevel(c),
    message: { text: `[${c.harm}] ${c.message ?? c.title} (protocol v${c.version}; clause ${c.clause})` },
    locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: specBase }, ...region } }],
    partialFingerprints: { 'x402ConformanceCase/v1': `${c.id}@v${c.version}` },
    properties: {
      harm: c.harm,
      level: c.level,
      clause: c.clause,
      version: c.version,
      status: c.status,
      targetUrls: targetUrls(report, c),
    },
    ...(c.status === 'xfail'
      ? { suppressions: [{ kind: 'external', status: 'accepted', justification: 'listed in --known-failures' }] }
      : {}),
  }
}

/**
 * SARIF 2.1.0 (`--sarif`): one rule per case (the clause text, help with the clause id and where it stands
 * in spec/), one result per failure, warning and expected failure (suppressed), the level from the harm.
 * Suite errors and stale known failures are notifications of the invocation, not findings about the target.
 *
 * @example
 * writeFileSync('x402.sarif', toSarif(report))
 */
export function toSarif(report: Report, clauses: ReadonlyMap<string, Clause> = loadClauses()): string {
  const rules: SarifRule[] = []
  const ruleIndex = new Map<string, number>()
  for (const c of report.cases) {
    if (ruleIndex.has(c.id)) continue
    ruleIndex.set(c.id, rules.length)
    rules.push(rule(c, clauses.get(c.clause), report.tool.version))
  }
  const findings = report.cases.filter((c) => c.status === 'fail' || c.status === 'warn' || c.status === 'xfail')
  const notification = (c: Case, text: string): Notification => ({
    descriptor: { id: c.id },
    level: 'error',
    message: { text },
    properties: { version: c.version, harm: c.harm },
  })
  const errors = report.cases.filter((c) => c.status === 'error')
  const stale = report.cases.filter((c) => c.status === 'stale')
  const started = new Date(report.startedAt)
  const log: SarifLog = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: report.tool.name, version: report.tool.version, semanticVersion: report.tool.version, rules } },
        automationDetails: { id: `x402-conformance/${report.target.kind}/` },
        invocations: [
          {
            executionSuccessful: report.outcome !== 'invalid' && errors.length === 0,
            exitCode: report.exitCode,
            startTimeUtc: started.toISOString(),
            endTimeUtc: new Date(started.getTime() + report.durationMs).toISOString(),
            toolExecutionNotifications: errors.map((c) =>
              notification(c, `suite error at v${c.version} (not the target's fault): ${c.message ?? 'the harness failed'}`),
            ),
            toolConfigurationNotifications: stale.map((c) =>
              notification(c, `listed in --known-failures but passed at v${c.version}: the list is stale`),
            ),
            properties: { seed: report.options.seed, strict: report.options.strict, outcome: report.outcome },
          },
        ],
        originalUriBaseIds: {
          [specBase]: {
            description: {
              text: `the root of the x402-conformance ${report.tool.version} package, whose spec/ holds the clauses`,
            },
          },
        },
        results: findings.map((c) => result(report, c, ruleIndex.get(c.id)!, clauses.get(c.clause))),
        properties: {
          outcome: report.outcome,
          headline: report.summary.headline,
          byHarm: report.summary.byHarm,
          target: report.target,
        },
      },
    ],
  }
  return `${JSON.stringify(log, null, 2)}\n`
}
