import type { SettleResponse } from '../types/responses.js'

/** What a settlement that waited for a concurrent one answers; `undefined` runs its own settlement. */
export type DuplicateAnswer = (first: SettleResponse) => SettleResponse | undefined

/** Runs at most one settlement per authorization key at a time; see {@link createSettleGate}. */
export type SettleGate = {
  run(key: string, settle: () => Promise<SettleResponse>, duplicate: DuplicateAnswer): Promise<SettleResponse>
  /** How many settlements are in flight. */
  size(): number
}

const maxWaits = 8

/**
 * The in-flight map that makes two concurrent settlements of one authorization broadcast at most
 * once: a second one waits for the first and answers `duplicate(first)`, or, when that is
 * `undefined` (the first broadcast nothing), takes its own turn.
 */
export function createSettleGate(): SettleGate {
  const inFlight = new Map<string, Promise<SettleResponse>>()
  return {
    async run(key, settle, duplicate) {
      for (let waits = 0; ; waits++) {
        const running = inFlight.get(key)
        if (!running) break
        const first = await running
        const answer = duplicate(first)
        if (answer !== undefined) return answer
        if (waits >= maxWaits) return first
      }
      const job = settle()
      inFlight.set(key, job)
      try {
        return await job
      } finally {
        inFlight.delete(key)
      }
    },
    size: () => inFlight.size,
  }
}
