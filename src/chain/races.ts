import type { TestClient } from 'viem'

/** Turns anvil's automine on or off (off: transactions wait in the pool until {@link mine}). */
export async function setAutomine(testClient: TestClient, on: boolean): Promise<void> {
  await testClient.setAutomine(on)
}

/** Mines `blocks` blocks (default 1) now, including every pending transaction that fits. */
export async function mine(testClient: TestClient, blocks = 1): Promise<void> {
  await testClient.mine({ blocks })
}
