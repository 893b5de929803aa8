import type { TestContext } from '../context/types.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Mining held on the harness chain: `release()` mines the pending transactions and turns automine back on. */
export type HeldMining = { release(): Promise<void> }

/**
 * Runs `run` with automine off, so a broadcast settlement stays unconfirmed for as long as the case wants
 * (a race mines as soon as the mempool is quiet; a pending settlement needs more than a facilitator's
 * receipt wait). Mining resumes when `run` calls `release()`, and in any case when it ends. Needs an
 * exclusive case; skips when the harness does not control the chain (the race probe skips then).
 */
export async function withMiningHeld<T>(t: TestContext, run: (held: HeldMining) => Promise<T>): Promise<T> {
  await t.race([async () => undefined]) // skips the case when the chain cannot be controlled
  const rpc = (method: string, params: unknown[]) => t.chain.client.request({ method, params } as never)
  let held = true
  const release = async () => {
    if (!held) return
    held = false
    await rpc('evm_mine', [])
    await rpc('evm_setAutomine', [true])
  }
  await rpc('evm_setAutomine', [false])
  try {
    return await run({ release })
  } finally {
    await release().catch(() => undefined)
  }
}

/** Waits until `done()` holds or `ms` passed (polling every 100 ms); true when it held. */
export async function waitFor(done: () => boolean, ms: number): Promise<boolean> {
  for (let waited = 0; !done(); waited += 100) {
    if (waited >= ms) return false
    await sleep(100)
  }
  return true
}

/** Waits for `answer` while polling; `settled()` tells whether it has arrived. */
export function tracked<T>(answer: Promise<T>): { answer: Promise<T>; settled(): boolean } {
  let done = false
  const tracked = answer.finally(() => {
    done = true
  })
  return { answer: tracked, settled: () => done }
}
