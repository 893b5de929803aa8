// `npm run bench [-- name ...]`: runs bench/<name>.bench.ts (all of them by default), prints a table
// and writes bench/results.json.
import { readdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { join } from 'node:path'
import type { Bench, BenchResult } from './types.js'

const dir = fileURLToPath(new URL('.', import.meta.url))
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort()
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const unknown = wanted.filter((w) => !available.includes(w))
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}`)
  process.exit(2)
}
const names = wanted.length > 0 ? wanted : available
const results: BenchResult[] = []
for (const name of names) {
  console.error(`bench ${name} …`)
  const bench = (await import(pathToFileURL(join(dir, `${name}.bench.ts`)).href)).default as Bench
  results.push(...(await bench()))
}
const fmt = (n: number | null) => (n === null ? '—' : Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(3))
const rows = results.map((r) => [
  r.name,
  r.unit,
  fmt(r.ours),
  fmt(r.baseline),
  r.baselineName ?? '—',
  r.ratio === null ? '—' : `${r.ratio.toFixed(2)}${r.higherIsBetter ? '' : ' (lower is better)'}`,
])
const header = ['name', 'unit', 'ours', 'baseline', 'baseline is', 'ratio']
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')
console.log(line(header))
for (const r of rows) console.log(line(r))
for (const r of results) if (r.notes) console.log(`- ${r.name}: ${r.notes}`)
writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`)
process.exit(0)
