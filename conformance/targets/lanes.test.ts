import { afterAll, expect, test } from 'vitest'
import { startChain } from '../../src/chain/index.js'
import { exclusiveLanes, openSessionWithLanes } from './session.js'

// The exclusive cases of an embedded run get chains of their own; every other target keeps one chain.
const target = { seed: 402, runs: 1, strict: false }
const answers = async (rpcUrl: string) => {
  try {
    const r = await fetch(rpcUrl, { method: 'POST', body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' })
    return r.ok
  } catch {
    return false
  }
}

test('embedded: the lanes are sessions on chains of their own, and close() stops every chain', async () => {
  const opened = await openSessionWithLanes(target, true)
  const chains = [opened.session, ...opened.lanes].map((s) => s.chain.rpcUrl)
  try {
    expect(opened.lanes).toHaveLength(exclusiveLanes)
    expect(new Set(chains).size).toBe(1 + exclusiveLanes)
    for (const lane of opened.lanes) expect(lane.target.kind).toBe('embedded')
  } finally {
    await opened.close()
  }
  for (const rpc of chains) expect(await answers(rpc), `${rpc} still answers after close()`).toBe(false)
}, 120_000)

const running = await startChain({ quiet: true })
afterAll(() => running.stop())

test('no lanes when not asked for, or on a chain the harness did not start (--rpc)', async () => {
  for (const [options, lanes] of [
    [target, false],
    [{ ...target, rpc: running.rpcUrl }, true],
  ] as const) {
    const opened = await openSessionWithLanes(options, lanes)
    try {
      expect(opened.lanes).toEqual([])
    } finally {
      await opened.close()
    }
  }
}, 120_000)
