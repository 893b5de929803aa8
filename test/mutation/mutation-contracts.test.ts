import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startChain } from '../../src/chain/index.js'
import type { Chain } from '../../src/chain/index.js'
import { loadCases } from '../../conformance/registry.js'
import { runCases } from '../../conformance/runner.js'
import { startEmbeddedServer } from '../../conformance/targets/embedded.js'
import { freePort } from '../../conformance/targets/exec.js'
import { openSession } from '../../conformance/targets/session.js'
import { describeVariants } from './checkVariants.js'
import { contractVariants, plainUrlVariants } from './contractVariants.js'

describeVariants('hostile contracts', contractVariants)

const main = fileURLToPath(new URL('../../conformance/cli/main.ts', import.meta.url))
const hostileCases = /^server\.(hostile|attack-race|control)\./

/** Runs the hostile-facilitator cases against a plain server URL, the harness listening on `port`. */
async function runPlain(chain: Chain, paidUrl: string, port: number, grep = hostileCases) {
  const target = { servers: [paidUrl], rpc: chain.rpcUrl, hostileFacilitatorPort: port }
  const { session, close } = await openSession({ ...target, seed: 402, runs: 3, strict: false })
  try {
    const options = { grep, strict: false, timeoutMs: 120_000, knownFailures: new Set<string>(), concurrency: 6 }
    return (await runCases(session, await loadCases(), options)).results
  } finally {
    await close()
  }
}

/** `x402-conformance serve server` with its facilitator at `facilitatorUrl`; resolves to its paid URL. */
async function serveServer(chain: Chain, facilitatorUrl: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', main, 'serve', 'server'], {
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, ...chain.env(), X402_FACILITATOR_URL: facilitatorUrl },
  })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
  for (let i = 0; i < 600 && !out.includes('\n'); i++) await new Promise((r) => setTimeout(r, 50))
  const { paidUrl } = JSON.parse(out.split('\n')[0]!) as { paidUrl: string }
  return { paidUrl, stop: () => child.kill('SIGTERM') }
}

describe('hostile facilitator with a plain --server URL (--hostile-facilitator-port)', () => {
  let chain: Chain
  beforeAll(async () => {
    chain = await startChain({ quiet: true })
  }, 60_000)
  afterAll(() => chain?.stop())

  test('the reference server, started with its facilitator at the port, passes the hostile cases', async () => {
    const port = await freePort()
    const server = await serveServer(chain, `http://127.0.0.1:${port}`)
    try {
      const results = await runPlain(chain, server.paidUrl, port)
      expect(results.filter((r) => r.status === 'fail').map((r) => `${r.id}@v${r.version}: ${r.message ?? ''}`)).toEqual([])
      expect(results.filter((r) => r.id.startsWith('server.hostile.') && r.status === 'pass').length).toBeGreaterThan(10)
    } finally {
      server.stop()
    }
  }, 300_000)

  test.each(plainUrlVariants.map((v) => [v.name, v] as const))(
    '%s is caught',
    async (_name, v) => {
      const port = await freePort()
      const server = await startEmbeddedServer(chain, `http://127.0.0.1:${port}`, v.variant)
      try {
        const results = await runPlain(chain, server.paidUrl, port, v.grep)
        const caught = results.filter((r) => r.level === 'MUST' && r.status === 'fail')
        expect(caught.length, `${v.name} (${v.mistake}) was not caught`).toBeGreaterThan(0)
      } finally {
        await server.close()
      }
    },
    300_000,
  )
})
