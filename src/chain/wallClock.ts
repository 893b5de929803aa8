import type { TestClient } from 'viem'

/** Keeps an automining anvil's latest block close to the wall clock while no transaction arrives. */
export type WallClock = {
  /** Stops mining empty blocks until {@link WallClock.resume}; resolves once a tick in flight has finished. */
  pause(): Promise<void>
  resume(): void
  /** Stops for good (idempotent); resolves once a tick in flight has finished. */
  stop(): Promise<void>
}

export type FollowWallClockParameters = {
  rpcUrl: string
  /** How often the latest block is compared with the wall clock (default 1000 ms). */
  intervalMs?: number | undefined
}

type RpcAnswer = { id: number; result?: unknown }

async function batch(rpcUrl: string, calls: [string, unknown[]][]): Promise<unknown[]> {
  const body = calls.map(([method, params], id) => ({ jsonrpc: '2.0', id, method, params }))
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  })
  const answers = (await response.json()) as RpcAnswer[]
  return calls.map((_, id) => answers.find((a) => a.id === id)?.result)
}

/**
 * Mines an empty block whenever the latest block is a second or more behind the wall clock, automine is
 * on and nothing is pending: a real chain keeps producing blocks, so a simulation at `latest` judges a
 * `validAfter` a few seconds in the past as the token will. Mining held by a race (automine off) is never
 * touched; {@link followWallClock} pauses the clock before the harness turns automine off, so no tick
 * slips in between.
 *
 * @example
 * const clock = startWallClock({ rpcUrl })
 * await clock.stop()
 */
export function startWallClock(parameters: FollowWallClockParameters): WallClock {
  const { rpcUrl, intervalMs = 1_000 } = parameters
  let paused = 0
  let stopped = false
  let inFlight: Promise<void> = Promise.resolve()
  const tick = async () => {
    const [automine, latest, pool] = await batch(rpcUrl, [
      ['anvil_getAutomine', []],
      ['eth_getBlockByNumber', ['latest', false]],
      ['txpool_status', []],
    ])
    const timestamp = Number(BigInt((latest as { timestamp?: string } | undefined)?.timestamp ?? '0x0'))
    const pending = Number(BigInt((pool as { pending?: string } | undefined)?.pending ?? '0x0'))
    if (automine !== true || pending > 0 || paused > 0 || stopped) return
    if (Math.floor(Date.now() / 1000) - timestamp < 1) return
    await batch(rpcUrl, [['evm_mine', []]])
  }
  const timer = setInterval(() => {
    if (paused > 0 || stopped) return
    inFlight = inFlight.then(() => tick().catch(() => undefined))
  }, intervalMs)
  timer.unref()
  return {
    async pause() {
      paused++
      await inFlight
    },
    resume() {
      paused = Math.max(0, paused - 1)
    },
    async stop() {
      stopped = true
      clearInterval(timer)
      await inFlight
    },
  }
}

/**
 * Makes `testClient.setAutomine(false)` pause `clock` first (and `setAutomine(true)` resume it), so a race
 * that holds mining is never disturbed by an empty block. Returns the same client.
 */
export function followWallClock<T extends TestClient>(testClient: T, clock: WallClock): T {
  const setAutomine = testClient.setAutomine.bind(testClient)
  let held = false
  const release = () => {
    if (!held) return
    held = false
    clock.resume()
  }
  testClient.setAutomine = async (enabled: boolean) => {
    if (!enabled && !held) {
      held = true
      await clock.pause()
    }
    try {
      await setAutomine(enabled)
    } catch (error) {
      if (!enabled) release()
      throw error
    }
    if (enabled) release()
  }
  return testClient
}
