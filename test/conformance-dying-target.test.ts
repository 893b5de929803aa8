import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { cliProcess, fixtureTarget } from './cliProcess.js'
import { ended } from '../conformance/targets/processTesting.js'

// An --exec target that dies after the control cases: one finding (exit 3, what ran, why), not a cascade.
const dir = mkdtempSync(join(tmpdir(), 'x402-dying-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

type Report = {
  exitCode: number
  cases: { id: string; version: number; control: boolean; status: string; message: string | null }[]
}

async function runDying(mode: 'exit' | 'hang') {
  const json = join(dir, `${mode}.json`)
  const childFile = join(dir, `${mode}.child`)
  const args = ['run', '--exec', fixtureTarget('wrappedFacilitator'), '--facilitator', 'http://127.0.0.1:{PORT}/']
  args.push(
    '--grep',
    '^facilitator\\.(amount|nonce)\\.',
    '--concurrency',
    '1',
    '--timeout',
    '8000',
    '--seed',
    '11',
    '--json',
    json,
  )
  // The control cases make 4 POSTs (verify and settle, v1 and v2): the 5th, the first case's, kills it.
  const cli = cliProcess(args, { FIXTURE_DIE_AFTER: '4', FIXTURE_DIE_MODE: mode, FIXTURE_CHILD_FILE: childFile })
  const code = await cli.exit
  return { code, stderr: cli.stderr(), report: JSON.parse(readFileSync(json, 'utf8')) as Report, childFile }
}

function expectOneFinding(report: Report) {
  const controls = report.cases.filter((c) => c.control && c.id.startsWith('facilitator.'))
  expect(controls.map((c) => c.status)).toEqual(['pass', 'pass', 'pass', 'pass'])
  const rest = report.cases.filter((c) => !c.control)
  expect(rest.length).toBeGreaterThan(5)
  expect(rest.filter((c) => c.status === 'fail')).toEqual([])
  const notRun = rest.filter((c) => c.status === 'skip' && c.message?.startsWith('not run: the command under test'))
  // Besides the cases not run and the one running when the target died (not judged), only cases that skip on
  // their own or finished before the death was seen (on a loaded machine, a case that makes no request) remain.
  const other = rest.filter((c) => !notRun.includes(c) && !c.message?.startsWith('not judged:'))
  expect(other.filter((c) => !['skip', 'pass'].includes(c.status)).map((c) => `${c.id}@v${c.version} ${c.status}`)).toEqual([])
  expect(notRun.length).toBeGreaterThan(5)
  expect(report.exitCode).toBe(3)
}

describe('a dying --exec target', () => {
  test('exits mid-run: said at once with the running case, the exit code and its stderr; the rest is not run; exit 3', async () => {
    const { code, stderr, report, childFile } = await runDying('exit')
    expect(code).toBe(3)
    expect(stderr).toContain('x402-conformance: the target died: the command under test exited with code 7')
    expect(stderr).toMatch(/ {2}while running: facilitator\.(amount|nonce)\.[a-z0-9-]+@v[12]/)
    expect(stderr).toContain('    | fixture: exiting with code 7')
    expect(stderr).toContain('the remaining cases are not run (exit 3)')
    expectOneFinding(report)
    const running = report.cases.find((c) => c.message?.startsWith('not judged:'))
    expect(running?.message).toBe('not judged: the command under test exited with code 7 while this case ran')
    // The process it left behind in its group is stopped with it.
    const child = Number(readFileSync(childFile, 'utf8'))
    expect(child).toBeGreaterThan(0)
    expect(await ended(child)).toBe(true)
  }, 240_000)

  test('hangs after the control cases: said once the silence lasts, the rest is not run, exit 3', async () => {
    const { code, stderr, report } = await runDying('hang')
    expect(code).toBe(3)
    expect(stderr).toMatch(/the target died: the command under test stopped answering \(no answer on port \d+ for \d+ s\)/)
    expect(stderr).toContain('    | fixture: giving up at POST 5')
    expectOneFinding(report)
  }, 240_000)
})
