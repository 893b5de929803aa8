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

/** The case's timer; paused while the case waits for its turn to move money (waiting is not its time). */
export function deadline(ms: number, expire: () => void): { pause(): void; resume(): void; clear(): void } {
  let remaining = ms
  let since = performance.now()
  let timer: NodeJS.Timeout | undefined = setTimeout(expire, ms)
  let cleared = false
  return {
    pause() {
      if (timer === undefined) return
      clearTimeout(timer)
      timer = undefined
      remaining -= performance.now() - since
    },
    resume() {
      if (cleared || timer !== undefined) return
      since = performance.now()
      timer = setTimeout(expire, Math.max(0, remaining))
    },
    clear() {
      cleared = true
      clearTimeout(timer)
      timer = undefined
    },
  }
}

/** Waits for `running` to settle, at most `ms`; true when it did. */
export async function settlesWithin(running: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)))
  const done = running.then(
    () => true as const,
    () => true as const,
  )
  try {
    return await Promise.race([done, late])
  } finally {
    clearTimeout(timer)
  }
}
