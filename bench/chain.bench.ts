// Start-to-ready time of the local chain: startChain() (spawn anvil, wait, deploy, plant, fund) against the
// floor it builds on, a bare anvil spawned with the same binary until it answers eth_chainId.
import { spawn } from 'node:child_process'
import { anvilBinary, freePort } from '../src/chain/anvil.js'
import { startChain } from '../src/chain/startChain.js'
import { result, type Bench } from './types.js'

const runs = 15

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

async function answers(url: string): Promise<boolean> {
  try {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}',
    })
    return r.ok
  } catch {
    return false
  }
}

/** Milliseconds from spawning a bare anvil until it answers eth_chainId (bounded wait). */
async function bareAnvil(): Promise<number> {
  const port = await freePort()
  const start = performance.now()
  const child = spawn(anvilBinary(), ['--host', '127.0.0.1', '--port', String(port), '--chain-id', '84532', '--silent'], {
    stdio: 'ignore',
  })
  try {
    for (let i = 0; i < 3000; i++) {
      if (await answers(`http://127.0.0.1:${port}`)) return performance.now() - start
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    throw new Error('bare anvil did not answer')
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
}

async function ours(): Promise<{ ready: number; stop: number }> {
  const start = performance.now()
  const chain = await startChain()
  const ready = performance.now() - start
  const stopStart = performance.now()
  await chain.stop()
  return { ready, stop: performance.now() - stopStart }
}

const bench: Bench = async () => {
  await ours() // warm-up: module loading, first fetch
  await bareAnvil()
  const oursRuns: { ready: number; stop: number }[] = []
  const bareRuns: number[] = []
  for (let i = 0; i < runs; i++) {
    // Interleaved, so background load on a shared machine hits both alike.
    oursRuns.push(await ours())
    bareRuns.push(await bareAnvil())
  }
  const ready = median(oursRuns.map((r) => r.ready))
  const bare = median(bareRuns)
  return [
    result({
      name: 'chain start-to-ready',
      unit: 'ms (median)',
      ours: ready,
      baseline: bare,
      baselineName: 'bare anvil until eth_chainId',
      higherIsBetter: false,
      notes: `startChain(): spawn anvil, deploy 6 contracts, plant USDC and Multicall3, fund; ${runs} runs; max ${Math.max(...oursRuns.map((r) => r.ready)).toFixed(0)} ms; target < 3000 ms`,
    }),
    result({
      name: 'chain stop',
      unit: 'ms (median)',
      ours: median(oursRuns.map((r) => r.stop)),
      baseline: null,
      baselineName: null,
      higherIsBetter: false,
      notes: 'stop(): until anvil exited and its port is closed',
    }),
  ]
}

export default bench
