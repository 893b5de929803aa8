#!/usr/bin/env node
// The logic of the GitHub Action (action.yml): turns the INPUT_* environment the action sets into
// `x402-conformance run` arguments, runs the CLI, and hands back outputs. Plain Node, no dependencies.
import { spawn } from 'node:child_process'
import { appendFileSync, existsSync, readFileSync, realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The report options and the INPUT_* variable each comes from. */
const reports = { json: 'INPUT_JSON', junit: 'INPUT_JUNIT', html: 'INPUT_HTML', sarif: 'INPUT_SARIF', badge: 'INPUT_BADGE' }

/** Meanings of the CLI's exit codes (DESIGN §4), for outputs and for a summary when no report was written. */
const outcomes = { 0: 'pass', 1: 'fail', 2: 'usage-error', 3: 'environment-failure', 4: 'invalid' }

const lines = (value) =>
  (value ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)

/**
 * The arguments of `x402-conformance run` from the action's inputs. Empty inputs are left out;
 * `INPUT_SERVER` and `INPUT_ARGS` hold one URL or argument a line.
 */
export function argsFromInputs(env) {
  const args = ['run']
  const value = (name, option) => {
    const v = (env[name] ?? '').trim()
    if (v) args.push(option, v)
  }
  value('INPUT_FACILITATOR', '--facilitator')
  for (const url of lines(env.INPUT_SERVER)) args.push('--server', url)
  value('INPUT_EXEC', '--exec')
  value('INPUT_VERSION', '--version')
  value('INPUT_KNOWN_FAILURES', '--known-failures')
  value('INPUT_GREP', '--grep')
  if ((env.INPUT_STRICT ?? '').trim() === 'true') args.push('--strict')
  for (const [option, name] of Object.entries(reports)) value(name, `--${option}`)
  args.push(...lines(env.INPUT_ARGS))
  return args
}

/** Runs `cli` (a shell command, e.g. `npx --yes x402-conformance`) with `args` passed intact; resolves to the exit code. */
function runCli(cli, args, env) {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', `${cli} "$@"`, 'x402-conformance', ...args], { stdio: 'inherit', env })
    child.on('error', () => resolve(3))
    child.on('exit', (code) => resolve(code ?? 1))
  })
}

function setOutputs(file, outputs) {
  if (!file) return
  let text = ''
  for (const [name, value] of Object.entries(outputs)) {
    text += value.includes('\n') ? `${name}<<X402_CONFORMANCE_EOF\n${value}\nX402_CONFORMANCE_EOF\n` : `${name}=${value}\n`
  }
  appendFileSync(file, text)
}

async function main() {
  const env = process.env
  const args = argsFromInputs(env)
  const cli = (env.INPUT_CLI ?? '').trim() || 'npx --yes x402-conformance'
  process.stderr.write(`x402-conformance action: ${cli} ${args.map((a) => JSON.stringify(a)).join(' ')}\n`)
  const code = await runCli(cli, args, env)
  const json = (env.INPUT_JSON ?? '').trim()
  let outcome = outcomes[code] ?? 'fail'
  let headline = ''
  if (json && existsSync(json)) {
    const report = JSON.parse(readFileSync(json, 'utf8'))
    outcome = report.outcome
    headline = report.summary.headline
  } else if (env.GITHUB_STEP_SUMMARY && code >= 2) {
    const summary = `## x402 conformance: ⚠️ did not run (exit ${code}: ${outcome})\n\nSee the step's log for the reason.\n\n`
    appendFileSync(env.GITHUB_STEP_SUMMARY, summary)
  }
  const sarif = (env.INPUT_SARIF ?? '').trim()
  const written = Object.values(reports)
    .map((name) => (env[name] ?? '').trim())
    .filter((f) => f && existsSync(f))
  setOutputs(env.GITHUB_OUTPUT, {
    'exit-code': String(code),
    outcome,
    headline,
    sarif: sarif && existsSync(sarif) ? sarif : '',
    files: written.join('\n'),
  })
  process.exitCode = code
}

const script = process.argv[1]
if (script && existsSync(script) && realpathSync(script) === realpathSync(fileURLToPath(import.meta.url))) await main()
