import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { describe, expect, test } from 'vitest'
import { defineCase } from '../conformance/case.js'
import type { Case } from '../conformance/case.js'
import type { Session } from '../conformance/context/context.js'
import { buildReport } from '../conformance/report/report.js'
import { toHtml } from '../conformance/report/html.js'
import { toJUnit } from '../conformance/report/junit.js'
import { redactExchange } from '../conformance/report/redact.js'
import { createTerminalReporter } from '../conformance/report/terminal.js'
import { exitCodeOf, runCases } from '../conformance/runner.js'
import type { RunnerOptions } from '../conformance/runner.js'

// A session without a chain: these cases only exercise the runner's bookkeeping.
const session = (versions: (1 | 2)[] = [1, 2]): Session =>
  ({
    seed: 7,
    runs: 3,
    strict: false,
    chain: {
      rpcUrl: 'http://127.0.0.1:1',
      chainId: 84532,
      network: 'eip155:84532',
      networkV1: 'base-sepolia',
      asset: { address: '0x036CbD53842c5426634e7929541eC2318f3dCF7e', name: 'USDC', version: '2', decimals: 6 },
      contracts: {},
      client: {},
    },
    testClient: {},
    target: {
      kind: 'facilitator',
      facilitatorUrl: 'http://127.0.0.1:1',
      serverUrls: [],
      loopback: true,
      signer: undefined,
      hostile: false,
      failingUrl: undefined,
    },
    facilitatorVersions: new Set(versions),
    offers: new Map(),
    fund: async () => undefined,
    reproduce: '',
  }) as unknown as Session

const make = (
  id: string,
  level: 'MUST' | 'SHOULD' | 'INFO',
  outcome: 'pass' | 'fail' | 'skip' | 'hang',
  extra: Partial<Case> = {},
) =>
  defineCase({
    id: `facilitator.test.${id}`,
    clause: 'facilitator.verify.valid',
    level,
    role: 'facilitator',
    versions: [1, 2],
    title: 'the case runs',
    run: async (t) => {
      if (outcome === 'fail') t.fail('it failed', { seen: 1n })
      if (outcome === 'skip') t.skip('not applicable')
      if (outcome === 'hang') await new Promise((r) => setTimeout(r, 10_000))
    },
    ...extra,
  })

const options = (o: Partial<RunnerOptions> = {}): RunnerOptions => ({
  strict: false,
  timeoutMs: 5_000,
  knownFailures: new Set(),
  concurrency: 4,
  drainMs: 200,
  ...o,
})

describe('runner', () => {
  test('levels: MUST fails, SHOULD warns (fails with strict), INFO warns', async () => {
    const cases = [
      make('must', 'MUST', 'fail'),
      make('should', 'SHOULD', 'fail'),
      make('info', 'INFO', 'fail'),
      make('ok', 'MUST', 'pass'),
    ]
    const lax = await runCases(session(), cases, options())
    const status = (o: typeof lax, id: string) =>
      o.results.find((r) => r.id === `facilitator.test.${id}` && r.version === 2)?.status
    expect([status(lax, 'must'), status(lax, 'should'), status(lax, 'info'), status(lax, 'ok')]).toEqual([
      'fail',
      'warn',
      'warn',
      'pass',
    ])
    expect(exitCodeOf(lax)).toBe(1)
    const strict = await runCases(session(), cases, options({ strict: true }))
    expect([status(strict, 'should'), status(strict, 'info')]).toEqual(['fail', 'warn'])
    expect(exitCodeOf(await runCases(session(), [make('should', 'SHOULD', 'fail'), make('ok', 'MUST', 'pass')], options()))).toBe(
      0,
    )
  })

  test('a failed control makes the run invalid and stops it', async () => {
    const out = await runCases(
      session(),
      [make('ctl', 'MUST', 'fail', { control: true }), make('other', 'MUST', 'pass')],
      options(),
    )
    expect(out.invalid).toBe(true)
    expect(exitCodeOf(out)).toBe(4)
    expect(out.results.map((r) => r.id)).toEqual(['facilitator.test.ctl', 'facilitator.test.ctl'])
  })

  test('versions the target does not advertise are skipped, never passed', async () => {
    const out = await runCases(session([2]), [make('ok', 'MUST', 'pass')], options())
    expect(out.results.map((r) => [r.version, r.status])).toEqual(
      [
        [2, 'pass'],
        [1, 'skip'],
      ].sort((a, b) => Number(a[0]) - Number(b[0])) as never,
    )
  })

  test('known failures: a failing one is expected, a passing one is stale and fails the run', async () => {
    const out = await runCases(
      session(),
      [make('bad', 'MUST', 'fail'), make('good', 'MUST', 'pass')],
      options({ knownFailures: new Set(['facilitator.test.bad', 'facilitator.test.good@v2']) }),
    )
    const by = Object.fromEntries(out.results.map((r) => [`${r.id}@v${r.version}`, r.status]))
    expect(by).toEqual({
      'facilitator.test.bad@v1': 'xfail',
      'facilitator.test.bad@v2': 'xfail',
      'facilitator.test.good@v1': 'pass',
      'facilitator.test.good@v2': 'stale',
    })
    expect(exitCodeOf(out)).toBe(1)
  })

  test('per-case timeout fails the case; t.skip skips it; --grep and --version select', async () => {
    const out = await runCases(
      session(),
      [make('hang', 'MUST', 'hang'), make('skip', 'MUST', 'skip'), make('ok', 'MUST', 'pass')],
      options({ timeoutMs: 200, version: 1, grep: /hang|skip/ }),
    )
    expect(out.results.map((r) => [r.id, r.version, r.status, r.message])).toEqual(
      expect.arrayContaining([
        ['facilitator.test.hang', 1, 'fail', 'timed out after 200 ms'],
        ['facilitator.test.skip', 1, 'skip', 'not applicable'],
      ]),
    )
    expect(out.results).toHaveLength(2)
  })

  test('a suite error (SuiteError) is an error of the suite, not a failure of the target', async () => {
    const unknown = {
      from: '0x00000000000000000000000000000000000000aa',
      to: '0x00000000000000000000000000000000000000bb',
    } as const
    const misuse = make('misuse', 'MUST', 'pass', {
      run: async (t) => {
        await t.sign({ ...unknown, value: 1n, validAfter: 0n, validBefore: 1n, nonce: `0x${'00'.repeat(32)}` })
      },
    })
    const out = await runCases(session(), [misuse, make('bad', 'MUST', 'fail')], options({ version: 2 }))
    const by = Object.fromEntries(out.results.map((r) => [r.id, [r.status, r.message]]))
    expect(by['facilitator.test.misuse']).toEqual([
      'error',
      `t.sign: the case holds no key for ${unknown.from}: pass options.signer`,
    ])
    expect(by['facilitator.test.bad']?.[0]).toBe('fail')
    expect(exitCodeOf(await runCases(session(), [misuse], options()))).toBe(1)
    const control = await runCases(session(), [{ ...misuse, control: true }, make('ok', 'MUST', 'pass')], options())
    expect([control.invalid, control.results.map((r) => r.status)]).toEqual([true, ['error', 'error']])
  })
})

describe('reports', async () => {
  const out = await runCases(
    session(),
    [make('must', 'MUST', 'fail'), make('ok', 'MUST', 'pass'), make('skip', 'SHOULD', 'skip')],
    options(),
  )
  const report = buildReport({
    outcome: out,
    exitCode: exitCodeOf(out),
    startedAt: new Date(0),
    durationMs: 1234,
    options: { seed: 7, runs: 3, strict: false, grep: null, version: null },
    target: session().target,
    chain: { chainId: 84532, network: 'eip155:84532', rpcUrl: 'http://127.0.0.1:1' },
  })

  test('exclusive cases: one at a time on each lane session, beside the pool; without lanes after it', async () => {
    const at = (rpcUrl: string): Session => {
      const s = session()
      return { ...s, chain: { ...s.chain, rpcUrl } } as Session
    }
    const seen: { id: string; rpc: string; start: number; end: number }[] = []
    const timed = (id: string, exclusive: boolean) =>
      defineCase({
        id: `facilitator.test.${id}`,
        clause: 'facilitator.verify.valid',
        level: 'MUST',
        role: 'facilitator',
        versions: [2],
        title: 'the case waits',
        ...(exclusive ? { exclusive: true } : {}),
        run: async (t) => {
          const start = performance.now()
          await new Promise((r) => setTimeout(r, 150))
          seen.push({ id, rpc: t.chain.rpcUrl, start, end: performance.now() })
        },
      })
    const cases = [
      ...['a', 'b', 'c', 'd'].map((x) => timed(`pool-${x}`, false)),
      ...['e', 'f', 'g'].map((x) => timed(`excl-${x}`, true)),
    ]
    const lanes = [at('http://127.0.0.1:2'), at('http://127.0.0.1:3')]
    const withLanes = await runCases(at('http://127.0.0.1:1'), cases, options({ concurrency: 2, exclusiveSessions: lanes }))
    expect(withLanes.results.map((r) => r.status)).toEqual(Array(7).fill('pass'))
    const excl = seen.filter((s) => s.id.startsWith('excl'))
    const pool = seen.filter((s) => s.id.startsWith('pool'))
    expect(new Set(excl.map((s) => s.rpc))).toEqual(new Set(['http://127.0.0.1:2', 'http://127.0.0.1:3']))
    expect(pool.every((s) => s.rpc === 'http://127.0.0.1:1')).toBe(true)
    for (const rpc of ['http://127.0.0.1:2', 'http://127.0.0.1:3']) {
      const onLane = excl.filter((s) => s.rpc === rpc).sort((a, b) => a.start - b.start)
      for (let i = 1; i < onLane.length; i++) expect(onLane[i]!.start).toBeGreaterThanOrEqual(onLane[i - 1]!.end)
    }
    expect(Math.min(...excl.map((s) => s.start))).toBeLessThan(Math.max(...pool.map((s) => s.end)))
    seen.length = 0
    await runCases(at('http://127.0.0.1:1'), cases, options({ concurrency: 2 }))
    const lastPool = Math.max(...seen.filter((s) => s.id.startsWith('pool')).map((s) => s.end))
    const after = seen.filter((s) => s.id.startsWith('excl'))
    expect(after.every((s) => s.rpc === 'http://127.0.0.1:1' && s.start >= lastPool)).toBe(true)
  })

  test('the JSON report validates against schemas/report.schema.json', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true })
    ;(addFormats as unknown as (a: Ajv2020) => void)(ajv)
    const validate = ajv.compile(
      JSON.parse(readFileSync(new URL('../schemas/report.schema.json', import.meta.url), 'utf8')) as object,
    )
    const ok = validate(JSON.parse(JSON.stringify(report)))
    expect(validate.errors ?? []).toEqual([])
    expect(ok).toBe(true)
    expect(report.summary.counts).toEqual({ pass: 2, fail: 2, error: 0, warn: 0, skip: 2, xfail: 0, stale: 0 })
    expect(report.cases[0]?.clauseText).toMatch(/isValid/)
  })

  test('JUnit has one testcase per result, failures and skips marked', () => {
    const xml = toJUnit(report)
    expect(xml.match(/<testcase /g)).toHaveLength(6)
    expect(xml.match(/<failure /g)).toHaveLength(2)
    expect(xml.match(/<skipped /g)).toHaveLength(2)
  })

  test('HTML is one self-contained file embedding the report', () => {
    const html = toHtml(report)
    expect(html).not.toMatch(/<script src=|<link /)
    expect(html).toContain('"reportVersion":2')
  })

  test('terminal: one line per case, no escape codes without a TTY', () => {
    let text = ''
    const r = createTerminalReporter({ write: (s) => void (text += s), tty: false, color: false }, 6)
    for (const c of out.results) r.result(c)
    r.summary(report)
    expect(text).not.toMatch(/\u001b/)
    expect(text.split('\n').filter((l) => /^[✓✗−!] /.test(l))).toHaveLength(6)
    expect(text).toMatch(/FAIL/)
  })

  test('redaction removes signatures and payment headers', () => {
    const x = redactExchange({
      request: {
        method: 'POST',
        url: 'https://x.example/verify',
        headers: { 'PAYMENT-SIGNATURE': 'abc' },
        body: { paymentPayload: { payload: { signature: '0xdead', authorization: {} } } },
        decoded: { 'payment-signature': { payload: { signature: '0xdead' } } },
      },
      status: 200,
      headers: {},
      body: {},
      text: '{}',
      decoded: {},
      ms: 1,
    })
    expect(JSON.stringify(x)).not.toContain('0xdead')
    expect(JSON.stringify(x)).not.toContain('abc')
  })
})
