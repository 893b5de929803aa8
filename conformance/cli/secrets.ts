import { readFileSync } from 'node:fs'
import type { Hex } from 'viem'
import { UsageError } from '../errors.js'

/**
 * A secret flag's value: `env:NAME` reads the variable NAME (so the secret stays out of `ps` and shell
 * history), anything else is the value itself. Throws {@link UsageError} when NAME is unset or empty.
 */
export function secretValue(flag: string, value: string): string {
  if (!value.startsWith('env:')) return value
  const name = value.slice(4)
  const found = process.env[name]
  if (found === undefined || found === '')
    throw new UsageError({ shortMessage: `${flag}: the environment variable ${name} is not set` })
  return found
}

export type KeySources = {
  /** The flag's name, for messages: `--private-key`. */
  flag: string
  /** The flag's value: a key, or `env:NAME`. */
  value?: string | undefined
  /** A file holding the key (`--private-key-file`), surrounding whitespace ignored. */
  file?: string | undefined
  /** A variable read when neither flag is given: `X402_FACILITATOR_PRIVATE_KEY`. */
  env?: string | undefined
}

/**
 * A private key from the first source given: the flag (a key or `env:NAME`), the file, the environment.
 * `undefined` when none is. Throws {@link UsageError} for both flags at once, an unreadable file or a value
 * that is not 0x and 64 hex digits (the message never shows the value).
 */
export function readKey(sources: KeySources): Hex | undefined {
  const { flag, value, file, env } = sources
  if (value !== undefined && file !== undefined) throw new UsageError({ shortMessage: `give ${flag} or ${flag}-file, not both` })
  let key: string | undefined
  let from = flag
  if (value !== undefined) key = secretValue(flag, value)
  else if (file !== undefined) {
    from = `${flag}-file ${file}`
    try {
      key = readFileSync(file, 'utf8').trim()
    } catch (error) {
      throw new UsageError({
        shortMessage: `${from}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      })
    }
  } else if (env !== undefined && process.env[env]) {
    from = env
    key = process.env[env]
  }
  if (key === undefined) return undefined
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new UsageError({ shortMessage: `${from} must be 0x and 64 hex digits` })
  return key as Hex
}
