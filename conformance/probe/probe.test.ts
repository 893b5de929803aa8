import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startChain } from '../../src/chain/startChain.js'
import type { Chain } from '../../src/chain/types.js'
import { buildReport } from '../report/report.js'
import { startEmbeddedFacilitator, startEmbeddedServer } from '../targets/embedded.js'
import { probeCheckList } from './checks.js'
import { letterCaseVariant, trailingSlashVariant } from './observe.js'
import { probeUrls } from './probe.js'

let chain: Chain
const stops: (() => Promise<void>)[] = []
let paidUrl: string

beforeAll(async () => {
  chain = await startChain({ quiet: true })
  stops.push(() => chain.stop())
  const facilitator = await startEmbeddedFacilitator(chain)
  stops.push(() => facilitator.close())
  const server = await startEmbeddedServer(chain, facilitator.url)
  stops.push(() => server.close())
  paidUrl = server.paidUrl
}, 60_000)
afterAll(async () => {
  for (const stop of stops.reverse()) await stop()
})

describe('the reference server', () => {
  test('default: every check passes, under --strict too', async () => {
    const { results, unreachable } = await probeUrls([paidUrl], { strict: true })
    expect(unreachable).toEqual([])
    expect(results.filter((r) => r.status !== 'pass').map((r) => `${r.id} v${r.version}: ${r.status} ${r.message}`)).toEqual([])
    const ran = new Set(results.map((r) => r.id))
    expect(probeCheckList.filter((c) => !ran.has(c.id)).map((c) => c.id)).toEqual([])
  })

  test("the amount is shown in the token's units", async () => {
    const { results } = await probeUrls([paidUrl], { strict: false, version: 2 })
    const amount = results.find((r) => r.id === 'server.probe.offer.amount')!
    expect(amount.info).toEqual([`accepts[0]: 0.01 USDC (10000 atomic units) on Base Sepolia to ${chain.payTo}`])
    expect(new Set(results.map((r) => r.version))).toEqual(new Set([2]))
  })

  test('the report of a probe is a valid report (target kind probe, chain null)', async () => {
    const { results } = await probeUrls([paidUrl], { strict: false })
    const report = buildReport({
      outcome: { results, invalid: false },
      exitCode: 0,
      startedAt: new Date(),
      durationMs: 1,
      options: { seed: 0, runs: 1, strict: false, grep: null, version: null },
      target: { kind: 'probe', facilitatorUrl: undefined, serverUrls: [paidUrl], loopback: true },
      chain: null,
    })
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true })
    ;(addFormats as unknown as (a: Ajv2020) => void)(ajv)
    const validate = ajv.compile(
      JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8')) as object,
    )
    expect(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors)).toBe(true)
    expect(report.outcome).toBe('pass')
  })
})

describe('args', () => {
  test('variants: a trailing slash is added or removed, the path upper-cased', () => {
    expect(trailingSlashVariant(new URL('http://h/paid/data'))).toBe('http://h/paid/data/')
    expect(trailingSlashVariant(new URL('http://h/paid/'))).toBe('http://h/paid')
    expect(letterCaseVariant(new URL('http://h/paid/data?q=a'))).toBe('http://h/PAID/DATA?q=a')
    expect(letterCaseVariant(new URL('http://h/PAID'))).toBe('http://h/paid')
  })

  test('a URL that does not answer is unreachable and has no results', async () => {
    const dead = new URL(paidUrl)
    dead.port = '9'
    const { results, unreachable } = await probeUrls([dead.href], { strict: false, timeoutMs: 2_000 })
    expect(results).toEqual([])
    expect(unreachable).toHaveLength(1)
  })
})
