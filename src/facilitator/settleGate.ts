import type { SettleResponse } from './responses.js'

/** Runs at most one settlement per authorization key at a time; see {@link createSettleGate}. */
export type SettleGate = {
  run(key: string, settle: () => Promise<SettleResponse>, duplicate: (first: SettleResponse) => SettleResponse): Promise<SettleResponse>
  /** How many settlements are in flight. */
  size(): number
}

/**
 * The in-flight map that makes two concurrent settlements of one authorization broadcast at most
 * once: the second waits for the first and answers `duplicate(first)` (a failure when the first
 * succeeded: one payment pays for one request).
 */
export function createSettleGate(): SettleGate {
  const inFlight = new Map<string, Promise<SettleResponse>>()
  return {
    async run(key, settle, duplicate) {
      const running = inFlight.get(key)
      if (running) return duplicate(await running)
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
