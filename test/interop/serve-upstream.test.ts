// The --exec entry of the interop report: upstream peers started as processes from the chain environment.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { freePort, startChain, type Chain } from '../../src/chain/index.js'
import { watchLedger } from './ledger.js'
import { upstreamFetchV1, upstreamFetchV2 } from './upstream.js'

const entry = fileURLToPath(new URL('./serve-upstream.ts', import.meta.url))
const children: ChildProcess[] = []
let chain: Chain

/** Spawns `serve-upstream.ts role` and resolves with the URL it prints once listening. */
async function serve(role: string, env: Record<string, string>): Promise<string> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', entry, role], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  const [line] = (await once(child.stdout!, 'data')) as [Buffer]
  return (JSON.parse(line.toString().trim()) as { url: string }).url
}

beforeAll(async () => {
  chain = await startChain({ quiet: true })
})

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  await chain?.stop()
})

test('facilitator and v2 server from the X402_* environment: a payment settles', async () => {
  const facilitatorUrl = await serve('facilitator', chain.env())
  const supported = (await (await fetch(`${facilitatorUrl}/supported`)).json()) as { kinds: { network: string }[] }
  expect(supported.kinds.map((k) => k.network)).toContain(chain.network)
  const serverUrl = await serve('server-v2', { ...chain.env(), X402_FACILITATOR_URL: facilitatorUrl })
  const { address, privateKey } = chain.payers[0]!
  const ledger = await watchLedger(chain, address)
  const response = await upstreamFetchV2(privateKey).fetch(`${serverUrl}/paid`)
  expect(response.status).toBe(200)
  await ledger.expectPaid(1000n)
})

test('x402 1.2 facilitator (v1 only) and v1 server from the X402_* environment: a payment settles', async () => {
  const facilitatorUrl = await serve('facilitator-x402v1', chain.env())
  const supported = (await (await fetch(`${facilitatorUrl}/supported`)).json()) as {
    kinds: { x402Version: number; network: string }[]
  }
  expect(supported.kinds).toEqual([{ x402Version: 1, scheme: 'exact', network: chain.env().X402_NETWORK_V1 }])
  const serverUrl = await serve('server-v1', { ...chain.env(), X402_FACILITATOR_URL: facilitatorUrl })
  const { address, privateKey } = chain.payers[1]!
  const ledger = await watchLedger(chain, address)
  const response = await upstreamFetchV1(chain, privateKey).fetch(`${serverUrl}/paid`)
  expect(response.status).toBe(200)
  await ledger.expectPaid(1000n)
})

test('errors: unknown role exits 2', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, 'nope'], {
    env: { ...process.env, ...chain.env() },
    stdio: 'ignore',
  })
  const [code] = (await once(child, 'exit')) as [number]
  expect(code).toBe(2)
})
