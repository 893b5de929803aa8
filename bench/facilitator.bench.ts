// `npm run bench -- facilitator`: the reference facilitator under load on a local anvil chain, against
// the upstream facilitator (@x402/core + @x402/evm behind node:http) on the same chain in the same run.
// /verify: requests per second and p99 at 64 connections, autocannon in a second process.
// /settle: 200 concurrent distinct payments; success rate and settlements per second.
// Bare anvil: the JSON-RPC batch one /verify sends (recorded from the verify path itself), posted straight
// to anvil at the same concurrency: the ceiling the chain puts on /verify.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createPublicClient, http } from 'viem'
import type { PublicClient } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { startChain } from '../src/chain/index.js'
import type { Chain } from '../src/chain/index.js'
import { fromRequirementsV2 } from '../src/codecs/normalize.js'
import { createPayment } from '../src/evm/createPayment.js'
import { verifyPayment } from '../src/evm/verifyPayment.js'
import { startFacilitator } from '../src/facilitator/createFacilitator.js'
import { result } from './types.js'
import type { BenchResult } from './types.js'

const connections = 64
const durationSeconds = 10
const settlements = 200

type Load = {
  rps: number
  total: number
  p50: number
  p99: number
  non2xx: number
  errors: number
  timeouts: number
  /** CPU milliseconds per request of the load generator, of anvil and of this process (ours, in-process). */
  cpu?: { generator: number; anvil: number | undefined; self: number }
}
type Target = { url: string; close(): Promise<void> }

/** CPU time (user + system) of process `pid` so far in milliseconds, from /proc; undefined elsewhere. */
function cpuOf(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return undefined
  }
}

/** {@link loadOnce}, with the CPU each process spent per request: where the machine's two cores go. */
async function load(url: string, body: string, anvilPid: number): Promise<Load> {
  const anvil0 = cpuOf(anvilPid)
  const self0 = process.cpuUsage()
  const figures = await loadOnce(url, body)
  const anvil1 = cpuOf(anvilPid)
  const self = process.cpuUsage(self0)
  const per = (ms: number) => ms / Math.max(1, figures.total)
  const anvil = anvil0 === undefined || anvil1 === undefined ? undefined : per(anvil1 - anvil0)
  const cpu = { generator: per(figures.cpuMs ?? 0), anvil, self: per((self.user + self.system) / 1000) }
  return { ...figures, cpu }
}

/** Runs autocannon in a child process against `url` and returns its figures. */
function loadOnce(url: string, body: string): Promise<Load & { cpuMs?: number }> {
  const worker = fileURLToPath(new URL('./autocannon-worker.ts', import.meta.url))
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', worker, JSON.stringify({ url, method: 'POST', body, connections, durationSeconds })],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      const parsed = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Load & { cpuMs?: number; error?: string }
      if (code !== 0 || parsed.error) reject(new Error(`load generator failed: ${parsed.error ?? `exit ${code}`}`))
      else resolve(parsed)
    })
  })
}

function requirements(chain: Chain) {
  return {
    scheme: 'exact',
    network: chain.network,
    amount: '10000',
    asset: chain.asset.address,
    payTo: chain.payTo,
    maxTimeoutSeconds: 300,
    extra: { name: chain.asset.name, version: chain.asset.version },
  }
}

async function paymentBody(chain: Chain, i: number) {
  const req = requirements(chain)
  const payer = chain.payers[i % chain.payers.length]!
  const paymentPayload = await createPayment({
    account: privateKeyToAccount(payer.privateKey),
    requirements: fromRequirementsV2(req, { url: 'http://127.0.0.1/bench' }),
  })
  return { x402Version: 2, paymentPayload, paymentRequirements: req }
}

/** 200 distinct payments settled at once: success rate, settlements per second, nonce errors. */
async function settleBurst(chain: Chain, url: string, offset: number) {
  const bodies = await Promise.all(Array.from({ length: settlements }, (_, i) => paymentBody(chain, offset + i)))
  const started = performance.now()
  const answers = await Promise.all(
    bodies.map(async (b) => {
      try {
        const r = await fetch(`${url}/settle`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(b),
        })
        return (await r.json()) as { success?: boolean; errorReason?: string; errorMessage?: string }
      } catch (error) {
        return { success: false, errorMessage: (error as Error).message }
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const ok = answers.filter((a) => a.success === true).length
  const nonceErrors = answers.filter(
    (a) => a.success !== true && /nonce/i.test(`${a.errorReason ?? ''} ${a.errorMessage ?? ''}`),
  ).length
  const firstError = answers.find((a) => a.success !== true)
  return {
    successRate: ok / settlements,
    perSecond: ok / seconds,
    nonceErrors,
    firstError: firstError ? `${firstError.errorReason ?? ''} ${firstError.errorMessage ?? ''}`.trim().slice(0, 160) : '',
  }
}

/** The JSON-RPC body(ies) the verify path sends for `body`, recorded through a batching transport like the facilitator's. */
async function verifyBatch(chain: Chain, body: Awaited<ReturnType<typeof paymentBody>>): Promise<string[]> {
  const posts: string[] = []
  const transport = http(chain.rpcUrl, {
    batch: true,
    retryCount: 0,
    onFetchRequest: async (request) => {
      posts.push(await request.clone().text())
    },
  })
  const client = createPublicClient({ chain: chain.publicClient.chain, transport }) as PublicClient
  const verdict = await verifyPayment(client, {
    paymentPayload: body.paymentPayload,
    paymentRequirements: body.paymentRequirements,
  })
  if (!verdict.isValid) throw new Error(`bench payment did not verify: ${verdict.invalidReason}`)
  return posts
}

async function upstream(chain: Chain): Promise<Target | null> {
  try {
    const mod = (await import('./upstream-facilitator.js')) as { startUpstreamFacilitator?: (chain: Chain) => Promise<Target> }
    return mod.startUpstreamFacilitator ? await mod.startUpstreamFacilitator(chain) : null
  } catch (error) {
    console.error(`upstream facilitator unavailable: ${(error as Error).message}`)
    return null
  }
}

export default async function facilitatorBench(): Promise<BenchResult[]> {
  const chain = await startChain({ quiet: true })
  try {
    for (const p of chain.payers) await chain.mint(p.address, 10n ** 12n)
    const verifyPaymentBody = await paymentBody(chain, 0)
    const verifyBody = JSON.stringify(verifyPaymentBody)
    const rpcPosts = await verifyBatch(chain, verifyPaymentBody)
    const calls = rpcPosts.map((p) => {
      const parsed = JSON.parse(p) as unknown
      return Array.isArray(parsed) ? parsed.length : 1
    })
    // the bare baseline needs one post per verify to be the same work; otherwise the row says so
    const bare = rpcPosts.length === 1 ? await load(chain.rpcUrl, rpcPosts[0]!, chain.pid) : null
    const ours = await startFacilitator({
      rpcUrl: chain.rpcUrl,
      privateKey: chain.facilitator.privateKey,
      chainId: chain.chainId,
    })
    let oursVerify: Load
    let oursSettle: Awaited<ReturnType<typeof settleBurst>>
    try {
      oursVerify = await load(`${ours.url}/verify`, verifyBody, chain.pid)
      oursSettle = await settleBurst(chain, ours.url, 0)
    } finally {
      await ours.close()
    }
    const theirs = await upstream(chain)
    let theirVerify: Load | null = null
    let theirSettle: Awaited<ReturnType<typeof settleBurst>> | null = null
    if (theirs) {
      try {
        theirVerify = await load(`${theirs.url}/verify`, verifyBody, chain.pid)
        theirSettle = await settleBurst(chain, theirs.url, settlements)
      } finally {
        await theirs.close()
      }
    }
    const baselineName = theirs ? 'upstream @x402/core + @x402/evm facilitator' : null
    const ms = (x: number | undefined) => (x === undefined ? '?' : x.toFixed(2))
    const cpuNote = (l: Load | null) =>
      l?.cpu
        ? `; CPU ms per request: load generator ${ms(l.cpu.generator)}, anvil ${ms(l.cpu.anvil)}, this process ${ms(l.cpu.self)}`
        : ''
    const loadNote = (l: Load | null, who: string) =>
      l
        ? `${who}: ${l.total} requests, p50 ${l.p50} ms, non-2xx ${l.non2xx}, errors ${l.errors}${cpuNote(l)}`
        : `${who}: not measured`
    const settleNote = (s: Awaited<ReturnType<typeof settleBurst>> | null, who: string) =>
      s
        ? `${who}: success ${(s.successRate * 100).toFixed(1)}%, nonce errors ${s.nonceErrors}${s.firstError ? `, first error: ${s.firstError}` : ''}`
        : `${who}: not measured`
    return [
      result({
        name: 'facilitator /verify throughput',
        unit: 'req/s',
        ours: oursVerify.rps,
        baseline: theirVerify?.rps ?? null,
        baselineName,
        higherIsBetter: true,
        notes: `target ≥ 3; ${connections} connections, ${durationSeconds} s, autocannon in a second process; ${loadNote(oursVerify, 'ours')}; ${loadNote(theirVerify, 'upstream')}`,
      }),
      result({
        name: 'facilitator /verify p99 latency',
        unit: 'ms',
        ours: oursVerify.p99,
        baseline: theirVerify?.p99 ?? null,
        baselineName,
        higherIsBetter: false,
        notes: `target ≤ 1/3 (0.33); ${connections} connections`,
      }),
      result({
        name: 'facilitator /verify vs bare anvil',
        unit: 'req/s',
        ours: oursVerify.rps,
        baseline: bare?.rps ?? null,
        baselineName: 'anvil answering the same JSON-RPC batch directly',
        higherIsBetter: true,
        notes: `target ≥ 0.7; ${connections} connections; one /verify sends ${rpcPosts.length} post(s) to the chain (calls: ${calls.join(' + ')}); ${loadNote(bare, 'bare anvil')}${bare ? `, p99 ${bare.p99} ms` : ''}`,
      }),
      result({
        name: 'facilitator /settle success rate',
        unit: 'fraction',
        ours: oursSettle.successRate,
        baseline: theirSettle?.successRate ?? null,
        baselineName,
        higherIsBetter: true,
        notes: `${settlements} concurrent distinct payments; ${settleNote(oursSettle, 'ours')}; ${settleNote(theirSettle, 'upstream')}`,
      }),
      result({
        name: 'facilitator /settle throughput',
        unit: 'settles/s',
        ours: oursSettle.perSecond,
        baseline: theirSettle?.perSecond ?? null,
        baselineName,
        higherIsBetter: true,
        notes: 'successful settlements (receipt confirmed) per second of the burst, automine on',
      }),
    ]
  } finally {
    await chain.stop()
  }
}
