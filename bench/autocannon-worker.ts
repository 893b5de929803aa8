// Load generator process of the HTTP benchmarks: runs autocannon against one URL and prints one JSON
// line with the figures. Usage: node --import tsx bench/autocannon-worker.ts '<json config>'.
import { createRequire } from 'node:module'

type Config = { url: string; method: 'GET' | 'POST'; body?: string; connections: number; durationSeconds: number }
type AutocannonResult = {
  requests: { average: number; total: number }
  latency: { p50: number; p99: number; average: number }
  non2xx: number
  errors: number
  timeouts: number
}

const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: Record<string, unknown>,
  callback: (error: Error | null, result: AutocannonResult) => void,
) => void

const config = JSON.parse(process.argv[2] ?? '{}') as Config
const cpu = process.cpuUsage()
autocannon(
  {
    url: config.url,
    method: config.method,
    connections: config.connections,
    duration: config.durationSeconds,
    headers: { 'content-type': 'application/json' },
    ...(config.body === undefined ? {} : { body: config.body }),
  },
  (error, result) => {
    if (error) {
      process.stdout.write(`${JSON.stringify({ error: error.message })}\n`)
      process.exit(1)
    }
    const { requests, latency, non2xx, errors, timeouts } = result
    const used = process.cpuUsage(cpu)
    const figures = { rps: requests.average, total: requests.total, p50: latency.p50, p99: latency.p99, non2xx, errors, timeouts }
    // CPU time of this load generator during the load, milliseconds
    process.stdout.write(`${JSON.stringify({ ...figures, cpuMs: (used.user + used.system) / 1000 })}\n`)
  },
)
