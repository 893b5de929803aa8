import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createPublicClient, http } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { defineCase } from '../conformance/case.js'
import type { Case } from '../conformance/case.js'
import type { Session } from '../conformance/context/context.js'
import type { Outcome, Paid } from '../conformance/context/types.js'
import { runCases } from '../conformance/runner.js'
import type { RunnerOptions } from '../conformance/runner.js'

// A fake facilitator on loopback: counts requests, holds each /settle a moment and remembers how many overlapped.
let base = ''
let requests = 0
let settling = 0
let mostSettling = 0
const server = createServer((req, res) => {
  requests++
  req.resume()
  if (req.url !== '/settle') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"kinds":[]}')
  mostSettling = Math.max(mostSettling, ++settling)
  setTimeout(() => {
    settling--
    res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"refused"}')
  }, 200)
})
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const session = (kind: 'facilitator' | 'embedded' = 'facilitator', rpcUrl = 'http://127.0.0.1:1'): Session =>
  ({
    seed: 7,
    runs: 1,
    strict: false,
    chain: {
      rpcUrl,
      chainId: 84532,
      network: 'eip155:84532',
      networkV1: 'base-sepolia',
      client: createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) }),
    },
    target: {
      kind,
      facilitatorUrl: base,
      serverUrls: [],
      loopback: true,
      signer: undefined,
      hostile: false,
      failingUrl: undefined,
    },
    facilitatorVersions: new Set([2]),
    offers: new Map(),
    fund: async () => undefined,
    reproduce: '',
  }) as unknown as Session

const stub = (name: string, run: Case['run'], level: 'MUST' | 'SHOULD' | 'INFO' = 'MUST') =>
  defineCase({
    id: `facilitator.runner.${name}`,
    clause: 'facilitator.verify.valid',
    level,
    harm: level === 'MUST' ? 'funds' : 'hygiene',
    role: 'facilitator',
    versions: [2],
    title: 'the case runs',
    run,
  })

const options = (o: Partial<RunnerOptions> = {}): RunnerOptions => ({
  strict: false,
  timeoutMs: 5_000,
  knownFailures: new Set(),
  concurrency: 4,
  drainMs: 1_000,
  ...o,
})
const paid = { version: 2, payload: {}, requirements: {} } as unknown as Paid
const refusal = (reason: string) => ({ kind: 'settle', status: 200, ok: false, reason, body: {} }) as unknown as Outcome

describe('runner: cancellation', () => {
  test('a timed-out case is cancelled: its requests stop before the next case', async () => {
    const looping = stub('loop', async (t) => {
      for (;;) await t.supported()
    })
    const started = performance.now()
    const out = await runCases(session(), [looping], options({ timeoutMs: 300 }))
    expect(out.results.map((r) => [r.status, r.message, r.info])).toEqual([['fail', 'timed out after 300 ms', []]])
    expect(performance.now() - started).toBeLessThan(3_000)
    // a request already on the wire when the case was cancelled may still land; after that, nothing more
    await new Promise((r) => setTimeout(r, 200))
    const seen = requests
    await new Promise((r) => setTimeout(r, 400))
    expect(requests).toBe(seen)
  })
})

describe('runner: money-moving cases take turns against an external target', () => {
  const settlers = Array.from({ length: 4 }, (_, i) =>
    stub(`settle-${i}`, async (t) => void (await t.settle(paid, { body: {} }))),
  )

  test('default: one settle at a time; the wait is not counted in the case timeout', async () => {
    mostSettling = 0
    // the last case waits 7 × 200 ms for its turn, longer than its timeout
    const out = await runCases(session(), settlers, options({ timeoutMs: 1_000, concurrency: 8 }))
    expect(out.results.filter((r) => r.status !== 'pass').map((r) => r.message)).toEqual([])
    expect(mostSettling).toBe(1)
  })

  test('args: serialMoney false (the embedded reference, which has a nonce manager): settles overlap', async () => {
    mostSettling = 0
    await runCases(session('embedded'), settlers, options())
    expect(mostSettling).toBeGreaterThan(1)
  })
})

describe('runner: the reason of a refusal is hygiene', () => {
  const wrongReason = stub('wrong-reason', async (t) => t.expectNotSettled(refusal('insufficient_funds'), 'nonce_used'))

  test('default: a warning at SHOULD level, harm hygiene', async () => {
    const [r] = (await runCases(session(), [wrongReason], options())).results
    expect([r?.status, r?.level, r?.harm, r?.message]).toEqual([
      'warn',
      'SHOULD',
      'hygiene',
      "the settle reason 'insufficient_funds' is category insufficient_funds, the clause names nonce_used",
    ])
  })

  test('args: --strict fails it; a failure of the case itself keeps its level and notes the warning', async () => {
    const [strict] = (await runCases(session(), [wrongReason], options({ strict: true }))).results
    expect([strict?.status, strict?.level]).toEqual(['fail', 'SHOULD'])
    const both = stub('both', async (t) => {
      t.expectNotSettled(refusal('insufficient_funds'), 'nonce_used')
      t.fail('the payer was charged')
    })
    const [r] = (await runCases(session(), [both], options())).results
    expect([r?.status, r?.level, r?.harm, r?.message]).toEqual(['fail', 'MUST', 'funds', 'the payer was charged'])
    expect(r?.info).toEqual([
      "reason 'insufficient_funds' (category insufficient_funds)",
      expect.stringMatching(/^hygiene: the settle reason/),
    ])
  })
})

describe('runner: a harness crash is an error of the suite', () => {
  test("the ledger oracle cannot reach the harness's own chain", async () => {
    const asset = '0x036CbD53842c5426634e7929541eC2318f3dCF7e'
    const payer = { address: '0x00000000000000000000000000000000000000aa' }
    const nonce = `0x${'00'.repeat(32)}`
    const onChain = {
      ...paid,
      domain: { verifyingContract: asset },
      payer,
      authorization: { to: payer.address, nonce },
    } as unknown as Paid
    const reading = stub('ledger', async (t) => void (await t.ledger.snapshot(onChain)))
    const [r] = (await runCases(session(), [reading], options())).results
    expect([r?.status, r?.message]).toEqual(['error', expect.stringMatching(/^the harness could not take a ledger snapshot: /)])
  })
})
