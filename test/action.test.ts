import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, test } from 'vitest'

// The GitHub Action: action.yml maps its inputs to INPUT_* variables for scripts/action/run.mjs, which
// runs the CLI. Here the script runs as the action runs it, with the CLI from sources (no npx, no network).
const root = fileURLToPath(new URL('..', import.meta.url))
const actionYml = readFileSync(join(root, 'action.yml'), 'utf8')
const script = join(root, 'scripts', 'action', 'run.mjs')
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs')
const cliFromSources = `"${process.execPath}" "${tsx}" "${join(root, 'conformance', 'cli', 'main.ts')}"`

const dir = mkdtempSync(join(tmpdir(), 'x402-action-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function runAction(inputs: Record<string, string>, name: string) {
  const summary = join(dir, `${name}-summary.md`)
  const output = join(dir, `${name}-output.txt`)
  writeFileSync(summary, '')
  writeFileSync(output, '')
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? dir,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
  }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase().replace(/-/g, '_')}`] = v
  const child = spawnSync(process.execPath, [script], { cwd: dir, env, encoding: 'utf8', timeout: 240_000 })
  return {
    code: child.status,
    stdout: child.stdout,
    stderr: child.stderr,
    summary: readFileSync(summary, 'utf8'),
    output: readFileSync(output, 'utf8'),
  }
}

describe('action.yml', () => {
  const inputs = [...actionYml.split('\noutputs:')[0]!.matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]!)
  const scriptText = readFileSync(script, 'utf8')

  test('a composite action on Node 20 that runs scripts/action/run.mjs and uploads the reports', () => {
    expect(actionYml).toMatch(/^runs:\n {2}using: composite$/m)
    expect(actionYml).toContain('- uses: actions/setup-node@v4')
    expect(actionYml).toMatch(/node-version:\n(?: {4}.*\n)* {4}default: '20'/)
    expect(actionYml).toContain(`run: node "\${{ github.action_path }}/scripts/action/run.mjs"`)
    expect(actionYml).toContain('- uses: actions/upload-artifact@v4')
    expect(actionYml).toContain(`path: \${{ steps.run.outputs.files }}`)
  })

  test('every input reaches the script or a step; every variable the script reads is set', () => {
    expect(inputs).toEqual(expect.arrayContaining(['facilitator', 'server', 'exec', 'version', 'known-failures', 'strict']))
    for (const input of inputs) {
      const variable = `INPUT_${input.toUpperCase().replace(/-/g, '_')}`
      const mapped = actionYml.includes(`${variable}: \${{ inputs.${input} }}`)
      expect(mapped || actionYml.includes(`inputs.${input} `) || actionYml.includes(`\${{ inputs.${input} }}`), input).toBe(true)
      if (mapped) expect(scriptText, variable).toContain(variable)
    }
    for (const [variable] of scriptText.matchAll(/INPUT_[A-Z_]+/g))
      expect(actionYml, variable).toContain(`${variable}: \${{ inputs.`)
  })
})

describe('scripts/action/run.mjs', () => {
  test('inputs become arguments, passed intact (spaces, &, one server per line)', () => {
    const r = runAction(
      {
        cli: `printf '%s\\n'`,
        server: 'http://127.0.0.1:1/a?x=1&y=2\n\n  http://127.0.0.1:1/b  \n',
        exec: 'node server.js --port {PORT}',
        strict: 'true',
        version: '2',
        json: '',
        junit: 'out/junit.xml',
        html: '',
        sarif: '',
        args: '--seed=402\n--quiet',
      },
      'args',
    )
    expect(r.code).toBe(0)
    expect(r.stdout.trim().split('\n')).toEqual([
      'run',
      '--server',
      'http://127.0.0.1:1/a?x=1&y=2',
      '--server',
      'http://127.0.0.1:1/b',
      '--exec',
      'node server.js --port {PORT}',
      '--version',
      '2',
      '--strict',
      '--junit',
      'out/junit.xml',
      '--seed=402',
      '--quiet',
    ])
  })

  test('against the embedded reference: exit 0, reports written, the summary and the outputs say pass', () => {
    const r = runAction(
      {
        cli: cliFromSources,
        grep: '^facilitator\\.amount',
        args: '--seed=402\n--quiet',
        json: 'reports/report.json',
        junit: 'reports/junit.xml',
        html: 'reports/report.html',
        sarif: 'reports/results.sarif',
        badge: 'reports/badge.svg',
      },
      'pass',
    )
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(readFileSync(join(dir, 'reports/report.json'), 'utf8')) as {
      outcome: string
      summary: { total: number }
    }
    expect(report.outcome).toBe('pass')
    expect(report.summary.total).toBeGreaterThan(0)
    expect(readFileSync(join(dir, 'reports/junit.xml'), 'utf8')).toMatch(
      /<testsuites name="x402-conformance" tests="\d+" failures="0" errors="0"/,
    )
    expect(readFileSync(join(dir, 'reports/report.html'), 'utf8')).toMatch(/<!doctype html>/i)
    const sarif = JSON.parse(readFileSync(join(dir, 'reports/results.sarif'), 'utf8')) as {
      version: string
      runs: { results: unknown[] }[]
    }
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0]!.results).toEqual([])
    expect(readFileSync(join(dir, 'reports/badge.svg'), 'utf8')).toContain('>pass</text>')
    expect(r.summary.split('\n')[0]).toBe('## x402 conformance: ✅ pass')
    expect(r.output).toContain('exit-code=0\noutcome=pass\nheadline=0 funds, 0 access, 0 availability, 0 interop failing')
    expect(r.output).toContain('sarif=reports/results.sarif\n')
    const files = ['report.json', 'junit.xml', 'report.html', 'results.sarif', 'badge.svg'].map((f) => `reports/${f}\n`).join('')
    expect(r.output).toContain(`files<<X402_CONFORMANCE_EOF\n${files}X402_CONFORMANCE_EOF\n`)
  }, 240_000)

  test('a usage error: exit 2, the summary says the suite did not run, no files to upload', () => {
    const r = runAction({ cli: cliFromSources, version: '3', json: 'usage/report.json' }, 'usage')
    expect(r.code).toBe(2)
    expect(r.summary).toContain('## x402 conformance: ⚠️ did not run (exit 2: usage-error)')
    expect(r.output).toContain('exit-code=2\noutcome=usage-error\n')
    expect(r.output).toContain('files=\n')
  }, 60_000)
})
