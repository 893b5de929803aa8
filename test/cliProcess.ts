import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const main = fileURLToPath(new URL('../conformance/cli/main.ts', import.meta.url))

/** The CLI from sources in a child process (its own pid, stdio captured), run from the repository root. */
export function cliProcess(args: string[], env: Record<string, string> = {}) {
  const code = `const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(${JSON.stringify(args)})`
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exit = once(child, 'exit').then(([code]) => code as number | null)
  return { child, exit, stdout: () => stdout, stderr: () => stderr }
}

/** The command that runs the fixture target `test/fixtures-targets/<name>.ts` (for --exec). */
export const fixtureTarget = (name: string) =>
  `"${process.execPath}" --import tsx "${fileURLToPath(new URL(`./fixtures-targets/${name}.ts`, import.meta.url))}"`
