import fc from 'fast-check'
import type { OracleId, Observation } from './oracles.js'

/** One generated input, sent and judged. */
export type Exercised = {
  observation: Observation
  violated: Partial<Record<OracleId, string>>
  request: Record<string, unknown>
}

/** What a role contributes to a campaign: its inputs, how to send one, how to tell the target still answers. */
export type Driver<I> = { arbitrary: fc.Arbitrary<I>; alive(): Promise<boolean>; exercise(input: I): Promise<Exercised> }

/** The shrunk input that violates an oracle, with what it takes to replay it. */
export type Finding = {
  oracle: OracleId
  message: string
  input: unknown
  request: Record<string, unknown>
  answer: { status: number; ms: number; error?: string | undefined; body: string }
  judgement: string
  transfers: string[]
  seed: number
  path: string | undefined
  shrinks: number
}

/** Counts over every request the campaign sent (shrinking included). */
export type CampaignStats = {
  generated: number
  requests: number
  answered5xx: number
  acceptedInvalid: number
  noAnswer: number
  /** Inputs during which funds moved, and how many of those were exactly a valid payment's settlement. */
  chainMoves: number
  settlements: number
  slowestMs: number
  durationMs: number
}

export type CampaignResult = { stats: CampaignStats; findings: Map<OracleId, Finding>; interrupted: boolean }

export type CampaignOptions = {
  inputs: number
  seed: number
  oracles: readonly OracleId[]
  /** The time the whole campaign may take; inputs left when it runs out are not sent (reported). */
  budgetMs: number
  signal?: AbortSignal | undefined
  /** Called every `progressMs` with a one-line status (omit for none). */
  progress?: ((line: string) => void) | undefined
  progressMs?: number
  label: string
}

class Violation extends Error {
  constructor(readonly exercised: Exercised) {
    super(Object.values(exercised.violated).join('; '))
  }
}

function tally(stats: CampaignStats, x: Exercised): void {
  const o = x.observation
  stats.requests++
  if (o.answer.status >= 500) stats.answered5xx++
  if (o.accepted && o.judgement.harmful) stats.acceptedInvalid++
  if (o.answer.error !== undefined) stats.noAnswer++
  if (o.move.transfers.length > 0) stats.chainMoves++
  if (o.move.transfers.length > 0 && x.violated.chain === undefined) stats.settlements++
  stats.slowestMs = Math.max(stats.slowestMs, o.answer.ms)
}

function findingOf(
  oracle: OracleId,
  x: Exercised,
  input: unknown,
  seed: number,
  path: string | undefined,
  shrinks: number,
): Finding {
  const { answer, judgement, move } = x.observation
  return {
    oracle,
    message: x.violated[oracle] ?? '',
    input,
    request: x.request,
    answer: { status: answer.status, ms: answer.ms, error: answer.error, body: answer.text.slice(0, 600) },
    judgement: judgement.why,
    transfers: move.transfers.map((t) => `${t.value} of ${t.token} from ${t.from} to ${t.to}`),
    seed,
    path,
    shrinks,
  }
}

/**
 * Sends `inputs` generated inputs (fast-check, seeded: the same seed sends the same inputs) and judges each
 * by the open oracles. A violation is shrunk to a minimal input and recorded for every oracle it violates;
 * the campaign then goes on with the inputs not yet sent, for the oracles still open, so each oracle gets its
 * own finding and no input is sent twice (shrinking aside).
 */
export async function runCampaign<I>(driver: Driver<I>, o: CampaignOptions): Promise<CampaignResult> {
  const started = performance.now()
  const stats: CampaignStats = {
    ...{ generated: 0, requests: 0, answered5xx: 0, acceptedInvalid: 0, noAnswer: 0 },
    ...{ chainMoves: 0, settlements: 0, slowestMs: 0, durationMs: 0 },
  }
  const findings = new Map<OracleId, Finding>()
  let open = [...o.oracles]
  let interrupted = false
  const timer =
    o.progress === undefined
      ? undefined
      : setInterval(() => {
          const s = ((performance.now() - started) / 1000).toFixed(0)
          o.progress?.(`${o.label}: ${stats.requests}/${o.inputs} inputs, ${findings.size} finding(s), ${s} s`)
        }, o.progressMs ?? 5_000)
  // The same seed generates the same sequence every round: a round after a finding skips the inputs that
  // earlier rounds sent (up to and including the one found) instead of sending them again.
  let sent = 0
  try {
    while (open.length > 0) {
      let index = 0
      let failedAt: number | undefined
      const predicate = async (input: I) => {
        const i = index++
        if (failedAt === undefined && i < sent) return
        o.signal?.throwIfAborted()
        const x = await driver.exercise(input)
        tally(stats, x)
        if (open.some((k) => x.violated[k] !== undefined)) {
          failedAt ??= i
          throw new Violation(x)
        }
      }
      const remaining = Math.max(1_000, o.budgetMs - (performance.now() - started))
      const result = await fc.check(fc.asyncProperty(driver.arbitrary, predicate), {
        seed: o.seed,
        numRuns: o.inputs,
        interruptAfterTimeLimit: remaining,
      })
      o.signal?.throwIfAborted()
      interrupted ||= result.interrupted
      stats.generated = Math.max(stats.generated, result.numRuns)
      if (!result.failed || !(result.errorInstance instanceof Violation)) {
        if (result.failed) throw result.errorInstance
        break
      }
      sent = (failedAt ?? sent) + 1
      const x = result.errorInstance.exercised
      const hit = open.filter((k) => x.violated[k] !== undefined)
      for (const k of hit)
        findings.set(
          k,
          findingOf(k, x, result.counterexample?.[0], o.seed, result.counterexamplePath ?? undefined, result.numShrinks),
        )
      open = open.filter((k) => !hit.includes(k))
    }
  } finally {
    if (timer !== undefined) clearInterval(timer)
  }
  stats.durationMs = Math.round(performance.now() - started)
  return { stats, findings, interrupted }
}
