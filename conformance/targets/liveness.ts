/** Options of {@link watchLiveness}. */
export type LivenessOptions = {
  /** Silence longer than this is a hang (the target could not answer any case in that time). */
  hangMs: number
  /** Time between probes (default 1000 ms). */
  intervalMs?: number | undefined
  /**
   * True while the harness itself holds one of the target's requests (a facilitator that does not answer):
   * a target that waits for the harness is not hung, even if it answers nothing else meanwhile.
   */
  held?: (() => boolean) | undefined
  /** Called once, with the silence in milliseconds, when the target is judged hung. */
  onHang(silentMs: number): void
}

/**
 * Probes `url` (GET) one request at a time. Any HTTP answer, whatever its status, is a sign of life: a slow
 * target that still answers is never judged hung. The target hangs when nothing answered for `hangMs` while
 * the harness held none of its requests. Returns a function that stops the probes.
 */
export function watchLiveness(url: string, options: LivenessOptions): () => void {
  const { hangMs, intervalMs = 1_000, held, onHang } = options
  let stopped = false
  let lastSign = performance.now()
  let timer: NodeJS.Timeout | undefined
  const controller = new AbortController()
  const probe = async () => {
    if (stopped) return
    try {
      const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(Math.min(hangMs, 5_000))])
      const response = await fetch(url, { signal, headers: { 'user-agent': 'x402-conformance liveness' } })
      await response.body?.cancel()
      lastSign = performance.now()
    } catch {
      // no answer in time: silence goes on
    }
    if (stopped) return
    if (held?.()) lastSign = performance.now()
    const silent = performance.now() - lastSign
    if (silent >= hangMs) {
      stopped = true
      onHang(Math.round(silent))
      return
    }
    timer = setTimeout(() => void probe(), intervalMs)
    timer.unref()
  }
  timer = setTimeout(() => void probe(), intervalMs)
  timer.unref()
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
    controller.abort()
  }
}
