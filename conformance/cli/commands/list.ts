import { parseArgs } from 'node:util'
import { loadCases } from '../../registry.js'
import { exitCodes } from '../main.js'

export const summary = 'list the conformance cases: id, clause, level, versions, title'

/** `x402-conformance list [--json]`. */
export async function run(argv: string[]): Promise<number> {
  let values
  try {
    values = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } }).values
  } catch (error) {
    process.stderr.write(`x402-conformance list: ${(error as Error).message}\nusage: x402-conformance list [--json]\n`)
    return exitCodes.usage
  }
  if (values.help) {
    process.stdout.write('usage: x402-conformance list [--json]\n')
    return exitCodes.pass
  }
  const cases = await loadCases()
  if (values.json) {
    const rows = cases.map((c) => ({ id: c.id, clause: c.clause, level: c.level, role: c.role, versions: c.versions, title: c.title, control: c.control === true }))
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
    return exitCodes.pass
  }
  const w = (k: (c: (typeof cases)[number]) => string) => Math.max(...cases.map((c) => k(c).length), 2)
  const wid = w((c) => c.id)
  const wcl = w((c) => c.clause)
  for (const c of cases) {
    process.stdout.write(`${c.id.padEnd(wid)}  ${c.clause.padEnd(wcl)}  ${c.level.padEnd(6)}  v${c.versions.join(',v').padEnd(5)}  ${c.control ? '[control] ' : ''}${c.title}\n`)
  }
  process.stdout.write(`${cases.length} cases\n`)
  return exitCodes.pass
}
