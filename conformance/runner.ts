import type { Case, Harm, Level, Role, Version } from './case.js'
import { createContext } from './context/context.js'
import type { CaseControl, CaseRecord, Session } from './context/context.js'
import { createTurnstile, deadline, settlesWithin } from './context/control.js'
import type { Turnstile } from './context/control.js'
import { SuiteError } from './context/errors.js'
import { CaseFailure, CaseSkip } from './context/failure.js'
import type { Exchange } from './context/http.js'
import type { LedgerDelta } from './context/ledger.js'

/**
 * The verdict of one case at one version. `warn`: a SHOULD (without --strict) or INFO expectation not met.
 * `error`: the suite itself broke while running the case (a {@link SuiteError}); it says nothing of the target.
 */
export type Status = 'pass' | 'fail' | 'error' | 'warn' | 'skip' | 'xfail' | 'stale'

/** One case's result at one version. */
export type CaseResult = {
  readonly id: string
  readonly version: Version
  readonly clause: string
  readonly level: Level
  /** The case's harm (DESIGN §10); undefined while a case does not declare one. */
  readonly harm: Harm | undefined
  readonly role: Role
  readonly title: string
  readonly tags: readonly string[]
  readonly control: boolean
  readonly status: Status
  readonly message: string | undefined
  readonly evidence: Record<string, unknown> | undefined
  readonly durationMs: number
  readonly transcript: readonly Exchange[]
  readonly ledger: readonly LedgerDelta[]
  readonly info: readonly string[]
}

/** Options of {@link runCases}. */
export type RunnerOptions = {
  readonly grep?: RegExp | undefined
  readonly version?: Version | undefined
  readonly strict: boolean
  readonly timeoutMs: number
  /** Ids (`id` or `id@v2`) expected to fail. */
  readonly knownFailures: ReadonlySet<string>
  /** How many non-exclusive cases run at the same time. */
  readonly concurrency: number
  /**
   * Cases move money one at a time (their verify-only and malformed-input work still overlaps): a target
   * without a nonce manager would otherwise fail correct payments of unrelated cases, scattering one root
   * cause over many clauses; the dedicated race cases still race inside themselves. Default: for every
   * target but the embedded reference, whose nonce manager settles concurrent payments (src/facilitator/
   * settle.races.test.ts settles 40 at once); server cases never wait when the server settles through the
   * harness's facilitator proxy (that is the reference too).
   */
  readonly serialMoney?: boolean | undefined
  /** How long a timed-out case may take to stop before the next one starts (default 5 s). */
  readonly drainMs?: number | undefined
  /**
   * Sessions on chains of their own with the same target (the embedded reference only): the exclusive cases
   * run there, one at a time on each, while the others run in the pool, instead of after them.
   */
  readonly exclusiveSessions?: readonly Session[] | undefined
  /** Client runs (`--client`): builds the context of a client case. Without it, client cases are skipped. */
  readonly clientContext?: ((kase: Case, version: Version, record: CaseRecord, control: CaseControl) => unknown) | undefined
  onStart?(id: string, version: Version): void
  onResult?(result: CaseResult): void
}

/** The outcome of a run: results in execution order, and whether a control failed. */
export type RunOutcome = { readonly results: CaseResult[]; readonly invalid: boolean }

type Job = { kase: Case; version: Version }

function applicable(session: Session, job: Job): string | undefined {
  if (job.kase.role === 'facilitator') {
    if (!session.target.facilitatorUrl) return 'no facilitator under test'
    if (!session.facilitatorVersions.has(job.version))
      return `the facilitator does not advertise x402 v${job.version} in /supported`
  } else if (!session.offers.has(job.version)) {
    return session.target.serverUrls.length === 0
      ? 'no resource server under test'
      : `no server route offers x402 v${job.version}`
  }
  return undefined
}

/**
 * Runs the case until it ends or times out. A timed-out case is cancelled (its signal aborts, so its requests
 * and chain reads stop) and given `drainMs` to stop before its turn to move money passes to the next case.
 */
async function runCase(session: Session, job: Job, record: CaseRecord, exclusive: boolean, run: RunContext): Promise<void> {
  const { kase, version } = job
  const ms = kase.timeoutMs ?? run.options.timeoutMs
  const controller = new AbortController()
  const timedOut = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true })
  })
  timedOut.catch(() => undefined)
  const limit = deadline(ms, () => controller.abort(new CaseFailure(`timed out after ${ms} ms`)))
  let release: (() => void) | undefined
  let turn: Promise<void> | undefined
  const take = async (turns: Turnstile) => {
    limit.pause()
    try {
      release = await turns.acquire(controller.signal)
    } finally {
      limit.resume()
    }
  }
  // A server that settles through the harness's facilitator proxy settles with the reference's nonce manager.
  const turns = kase.role === 'server' && session.target.hostile ? undefined : run.turns
  const control: CaseControl = {
    signal: controller.signal,
    moneyTurn: () => (turn ??= turns ? take(turns) : Promise.resolve()),
  }
  const clientContext = kase.role === 'client' ? run.options.clientContext : undefined
  const context = () =>
    clientContext
      ? (clientContext(kase, version, record, control) as never)
      : createContext(session, kase, version, record, exclusive, control)
  const running = Promise.resolve().then(() => kase.run(context()))
  try {
    await Promise.race([running, timedOut])
  } finally {
    limit.clear()
    const cancelled = controller.signal.aborted
    // Whatever the case left running (a request it did not await) stops with it.
    if (!cancelled) controller.abort(new CaseSkip('the case ended'))
    else if (!(await settlesWithin(running, run.options.drainMs ?? 5_000))) {
      record.info.push(`the case was still running ${run.options.drainMs ?? 5_000} ms after it was cancelled`)
    }
    release?.()
  }
}

/** What every job of one run shares. */
type RunContext = { readonly options: RunnerOptions; readonly turns: Turnstile | undefined }

async function runJob(session: Session, job: Job, run: RunContext, exclusive: boolean): Promise<CaseResult> {
  const { kase, version } = job
  const { options } = run
  const record: CaseRecord = { transcript: [], ledger: [], info: [], warnings: [] }
  const started = performance.now()
  let status: Status = 'pass'
  let message: string | undefined
  let evidence: Record<string, unknown> | undefined
  let level = kase.level
  let harm = kase.harm
  const notApplicable =
    kase.role === 'client' ? (options.clientContext ? undefined : 'no client under test (--client)') : applicable(session, job)
  if (notApplicable !== undefined) {
    status = 'skip'
    message = notApplicable
  } else {
    options.onStart?.(kase.id, version)
    try {
      await runCase(session, job, record, exclusive, run)
    } catch (error) {
      if (error instanceof CaseSkip) {
        status = 'skip'
        message = error.shortMessage
      } else if (error instanceof SuiteError) {
        status = 'error'
        message = error.details === undefined ? error.shortMessage : `${error.shortMessage}: ${error.details}`
        evidence = { stack: String(error.stack).split('\n').slice(0, 6).join('\n') }
      } else {
        const failed = kase.level === 'MUST' || (kase.level === 'SHOULD' && options.strict)
        status = failed ? 'fail' : 'warn'
        message =
          error instanceof CaseFailure
            ? error.shortMessage
            : `${(error as Error).name ?? 'Error'}: ${(error as Error).message ?? String(error)}`
        evidence =
          error instanceof CaseFailure
            ? error.evidence
            : {
                stack: String((error as Error).stack ?? error)
                  .split('\n')
                  .slice(0, 6)
                  .join('\n'),
              }
      }
    }
  }
  // Hygiene findings of a case whose verdict stood: a SHOULD-level result of harm hygiene (DESIGN §10).
  if (status === 'pass' && record.warnings.length > 0) {
    level = kase.level === 'INFO' ? 'INFO' : 'SHOULD'
    harm = 'hygiene'
    status = options.strict && level === 'SHOULD' ? 'fail' : 'warn'
    message = record.warnings.join('; ')
  } else {
    for (const w of record.warnings) record.info.push(`hygiene: ${w}`)
  }
  const known = options.knownFailures.has(kase.id) || options.knownFailures.has(`${kase.id}@v${version}`)
  if (known && status === 'fail') status = 'xfail'
  else if (known && status === 'pass') {
    status = 'stale'
    message = 'listed as a known failure, but it passes: remove it from the known-failures file'
  }
  return {
    id: kase.id,
    version,
    clause: kase.clause,
    level,
    harm,
    role: kase.role,
    title: kase.title,
    tags: kase.tags ?? [],
    control: kase.control === true,
    status,
    message,
    evidence,
    durationMs: Math.round(performance.now() - started),
    transcript: record.transcript,
    ledger: record.ledger,
    info: record.info,
  }
}

async function pool(jobs: readonly Job[], size: number, work: (job: Job) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < jobs.length) await work(jobs[next++]!)
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, jobs.length)) }, worker))
}

/** Expands cases into (case, version) jobs after --grep and --version. */
export function selectJobs(cases: readonly Case[], options: Pick<RunnerOptions, 'grep' | 'version'>): Job[] {
  const jobs: Job[] = []
  for (const kase of cases) {
    if (options.grep && !options.grep.test(kase.id) && !options.grep.test(kase.clause) && !options.grep.test(kase.title)) continue
    for (const version of kase.versions)
      if (options.version === undefined || options.version === version) jobs.push({ kase, version })
  }
  return jobs
}

/**
 * Runs the cases against the session's target: control cases first (all of them, whatever --grep
 * says); if one fails the run is invalid and stops. Then the others, `concurrency` at a time, and
 * the exclusive ones (races, hostile facilitator) one by one at the end, or meanwhile on the
 * `exclusiveSessions`.
 */
export async function runCases(session: Session, cases: readonly Case[], options: RunnerOptions): Promise<RunOutcome> {
  const results: CaseResult[] = []
  const serialMoney = options.serialMoney ?? session.target.kind !== 'embedded'
  const run: RunContext = { options, turns: serialMoney ? createTurnstile() : undefined }
  const done = (r: CaseResult) => {
    results.push(r)
    options.onResult?.(r)
  }
  const controls = selectJobs(
    cases.filter((c) => c.control),
    { version: options.version },
  )
  for (const job of controls) done(await runJob(session, job, run, true))
  if (results.some((r) => r.status === 'fail' || r.status === 'xfail' || r.status === 'error')) return { results, invalid: true }
  const rest = selectJobs(
    cases.filter((c) => !c.control),
    options,
  )
  // Cases that wait (tag 'slow', or a timeout above the default) start first so the pool overlaps them.
  const slow = (j: Job) => (j.kase.tags?.includes('slow') || (j.kase.timeoutMs ?? 0) > options.timeoutMs ? 0 : 1)
  const concurrent = rest.filter((j) => !j.kase.exclusive).sort((a, b) => slow(a) - slow(b))
  // Each lane is a session of its own; an exclusive case has its lane's chain to itself.
  const exclusive = rest.filter((j) => j.kase.exclusive).sort((a, b) => slow(a) - slow(b))
  const lanes = options.concurrency > 1 ? (options.exclusiveSessions ?? []) : []
  let next = 0
  const lane = async (on: Session) => {
    while (next < exclusive.length) done(await runJob(on, exclusive[next++]!, run, true))
  }
  await Promise.all([
    pool(concurrent, options.concurrency, async (job) => done(await runJob(session, job, run, options.concurrency === 1))),
    ...lanes.map(lane),
  ])
  await lane(session)
  return { results, invalid: false }
}

/** The exit code of a run (DESIGN §4): 4 invalid, 1 failures, suite errors or stale known failures, else 0. */
export function exitCodeOf(outcome: RunOutcome): 0 | 1 | 4 {
  if (outcome.invalid) return 4
  return outcome.results.some((r) => r.status === 'fail' || r.status === 'error' || r.status === 'stale') ? 1 : 0
}
