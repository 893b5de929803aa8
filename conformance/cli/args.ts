import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'
import { UsageError } from '../errors.js'
import { exitCodes } from './main.js'
import { watchParent } from './parentWatch.js'

/** Where a command writes its usage and errors (tests pass their own). */
export type Out = { stdout: (s: string) => void; stderr: (s: string) => void }
export const processOut: Out = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
}

type Config<T extends ParseArgsOptionsConfig> = { args: string[]; options: T; allowPositionals: true }
type Parsed<T extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<Config<T>>>

/**
 * Parses the arguments of `x402-conformance <command>` (a `help`/`-h` boolean option included): the parsed
 * values, or the exit code once the usage was printed (`--help`: stdout, exit 0; an error: stderr, exit 2).
 */
export function parseCommand<T extends ParseArgsOptionsConfig>(
  command: string,
  usage: string,
  argv: string[],
  options: T,
  positionals: { min: number; max: number } = { min: 0, max: 0 },
  out: Out = processOut,
): Parsed<T> | number {
  let parsed: Parsed<T>
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true })
    const count = parsed.positionals.length
    if (count < positionals.min || count > positionals.max) {
      const extra = parsed.positionals[positionals.max]
      throw new UsageError({ shortMessage: count > positionals.max ? `unexpected argument '${extra}'` : 'missing argument' })
    }
  } catch (error) {
    return usageFailure(command, error instanceof UsageError ? error.shortMessage : (error as Error).message, usage, out)
  }
  if ((parsed.values as Record<string, unknown>)['help'] === true) {
    out.stdout(`${usage.trimEnd()}\n`)
    return exitCodes.pass
  }
  return parsed
}

/** Prints `x402-conformance <command>: <message>` (and the usage, if given) to stderr; returns exit code 2. */
export function usageFailure(command: string, message: string, usage?: string, out: Out = processOut): number {
  out.stderr(`x402-conformance ${command}: ${message}\n${usage === undefined ? '' : `${usage.trimEnd()}\n`}`)
  return exitCodes.usage
}

/**
 * Resolves with exit code 0 once SIGINT or SIGTERM arrived, or the parent process went away (see
 * `watchParent`: `npx … &` then `kill $!` stops npx alone), and `stop` finished.
 */
export function untilSignal(stop: () => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    let unwatch: () => void = () => undefined
    const onSignal = () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      unwatch()
      void stop().then(() => resolve(exitCodes.pass))
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    unwatch = watchParent(onSignal)
  })
}
