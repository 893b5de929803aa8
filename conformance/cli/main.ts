import { existsSync, realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Exit codes of every command (DESIGN §4). */
export const exitCodes = { pass: 0, failures: 1, usage: 2, environment: 3, invalidRun: 4 } as const

/** A subcommand: `conformance/cli/commands/<name>.ts` exports `run` and a one-line `summary`. */
export type Command = {
  readonly summary: string
  run(argv: string[]): Promise<number>
}

const commandNames = ['run', 'probe', 'list', 'chain', 'serve', 'pay', 'demo', 'decode', 'encode', 'fixtures'] as const

async function load(name: string): Promise<Command | undefined> {
  const url = new URL(`./commands/${name}.js`, import.meta.url)
  const tsUrl = new URL(`./commands/${name}.ts`, import.meta.url)
  if (!existsSync(fileURLToPath(url)) && !existsSync(fileURLToPath(tsUrl))) return undefined
  return (await import(url.href)) as Command
}

async function usage(): Promise<string> {
  const lines = ['usage: x402-conformance [command] [options]', '', 'commands:']
  for (const name of commandNames) {
    const command = await load(name)
    if (command) lines.push(`  ${name.padEnd(10)} ${command.summary}`)
  }
  lines.push(
    '',
    'With no command, `run` against the embedded reference roles.',
    'Run `x402-conformance <command> --help` for its options.',
  )
  return lines.join('\n')
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(`${await usage()}\n`)
    return exitCodes.pass
  }
  const name = first === undefined || first.startsWith('-') ? 'run' : first
  const args = first === undefined || first.startsWith('-') ? argv : rest
  if (!(commandNames as readonly string[]).includes(name)) {
    process.stderr.write(`x402-conformance: unknown command '${name}'\n\n${await usage()}\n`)
    return exitCodes.usage
  }
  const command = await load(name)
  if (!command) {
    process.stderr.write(`x402-conformance: the '${name}' command is not available in this build\n`)
    return exitCodes.usage
  }
  return command.run(args)
}

// Run directly (`tsx conformance/cli/main.ts …`, from sources); the published bin imports main() instead.
// Not a top-level await: the commands import this module, which must finish evaluating first.
const script = process.argv[1]
if (script !== undefined && existsSync(script) && realpathSync(script) === realpathSync(fileURLToPath(import.meta.url))) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code
  })
}
