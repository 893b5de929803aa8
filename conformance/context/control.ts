/**
 * What the runner controls in a running case: `signal` aborts when the case timed out (its HTTP requests,
 * ledger reads and races stop at their next step), and `moneyTurn` is awaited before anything that can
 * move money (a settle, a paid request): it resolves when this case may move money, and stays held until
 * the case ends.
 */
export type CaseControl = { readonly signal: AbortSignal; moneyTurn(): Promise<void> }

/** A case nobody cancels and that never waits for its turn (tests, tools). */
export const freeControl: CaseControl = { signal: new AbortController().signal, moneyTurn: async () => undefined }

/** A first-come, first-served lock: one holder at a time. */
export type Turnstile = {
  /** Resolves to the release function once it is the caller's turn; rejects if `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<() => void>
}

/**
 * Creates a {@link Turnstile}. The runner keeps one per run for money-moving cases against targets that
 * may not assign their own transaction nonces (every target but the embedded reference).
 *
 * @example
 * const turns = createTurnstile()
 * const release = await turns.acquire(signal)
 * try { await settle() } finally { release() }
 */
export function createTurnstile(): Turnstile {
  const waiting: (() => void)[] = []
  let held = false
  const next = () => {
    const wake = waiting.shift()
    if (wake) wake()
    else held = false
  }
  return {
    acquire(signal) {
      signal.throwIfAborted()
      const releaser = () => {
        let released = false
        return () => {
          if (released) return
          released = true
          next()
        }
      }
      if (!held) {
        held = true
        return Promise.resolve(releaser())
      }
      return new Promise((resolve, reject) => {
        const wake = () => {
          signal.removeEventListener('abort', abandon)
          resolve(releaser())
        }
        const abandon = () => {
          const at = waiting.indexOf(wake)
          if (at >= 0) waiting.splice(at, 1)
          reject(signal.reason)
        }
        waiting.push(wake)
        signal.addEventListener('abort', abandon, { once: true })
      })
    },
  }
}
