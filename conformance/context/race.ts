import type { PublicClient, TestClient } from 'viem'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function pending(client: PublicClient): Promise<number> {
  try {
    const status = (await client.request({ method: 'txpool_status' as never })) as { pending?: string }
    return Number(BigInt(status.pending ?? '0x0'))
  } catch {
    return 0
  }
}

/**
 * Runs `requests` so they arrive together: automine off, all started in the same tick (the barrier),
 * then blocks are mined once the mempool has been quiet for a moment, until every request answered.
 * Automine is always restored. Bounded: gives up mining after 60 rounds, or when `signal` aborts (the case
 * was cancelled: its requests stop too).
 */
export async function race<T>(
  testClient: TestClient,
  client: PublicClient,
  requests: readonly (() => Promise<T>)[],
  minPending = 1,
  signal?: AbortSignal,
): Promise<PromiseSettledResult<T>[]> {
  signal?.throwIfAborted()
  await testClient.setAutomine(false)
  try {
    let done = false
    const all = Promise.allSettled(requests.map((r) => Promise.resolve().then(r))).finally(() => {
      done = true
    })
    let last = -1
    let quiet = 0
    for (let round = 0; !done && round < 60 && !signal?.aborted; round++) {
      await sleep(100)
      const now = await pending(client)
      quiet = now === last ? quiet + 1 : 0
      last = now
      if (now > 0 && ((now >= minPending && quiet >= 3) || quiet >= 20)) {
        await testClient.mine({ blocks: 1 })
        quiet = 0
      }
    }
    if (!done) await testClient.setAutomine(true)
    return await all
  } finally {
    await testClient.setAutomine(true)
    await testClient.mine({ blocks: 1 }).catch(() => undefined)
  }
}
