import { getAddress, isAddress } from 'viem'
import type { Address, Hex } from 'viem'
import { defaultFacilitatorHttp, isFacilitatorEndpoint } from '../context/facilitatorHttp.js'
import type { FacilitatorEndpoint, FacilitatorHttp } from '../context/facilitatorHttp.js'
import { UsageError } from '../errors.js'
import { readKey, secretValue } from './secrets.js'

/** `run`'s flags for hosted facilitators and foreign chains (node:util parseArgs options). */
export const targetFlagOptions = {
  header: { type: 'string', multiple: true },
  'facilitator-paths': { type: 'string' },
  'payer-key': { type: 'string' },
  'payer-key-file': { type: 'string' },
  asset: { type: 'string' },
} as const

/** Their lines in `run --help`. */
export const targetFlagsHelp = `hosted facilitators
  --header 'NAME: VALUE' sent with every request to the facilitator under test (repeatable), e.g. an API key;
                         VALUE 'env:VAR' reads the variable VAR. Values are never printed nor written to reports
  --facilitator-paths verify=PATH,settle=PATH,supported=PATH
                         endpoint paths (default verify, settle, supported under the facilitator URL; a PATH
                         with a leading / is taken from the URL's origin)
any JSON-RPC chain
  --payer-key KEY        with --rpc: the chain is not the harness's anvil (a node, a fork): nothing is deployed,
                         KEY's account (holding the asset, and gas when a reference facilitator runs) funds every
                         payer; cases that need chain control (mining, balances, impersonation) are skipped
  --payer-key-file FILE  the same key from a file; or --payer-key env:VAR. A key on the command line is
                         visible to every user of the machine (ps): prefer these two
  --asset ADDR           with --payer-key: the token to pay with (default: the network's USDC)`

type TargetFlagValues = {
  header?: string[] | undefined
  'facilitator-paths'?: string | undefined
  'payer-key'?: string | undefined
  'payer-key-file'?: string | undefined
  asset?: string | undefined
  rpc?: string | undefined
}

/** What the flags say, ready for `openSession`; `extraFlags` repeat them for a reproduction, secrets hidden. */
export type TargetFlags = {
  facilitatorHttp: FacilitatorHttp | undefined
  payerKey: Hex | undefined
  asset: Address | undefined
  extraFlags: string[]
}

const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`

function parseHeaders(specs: readonly string[], shown: string[]): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const spec of specs) {
    const i = spec.indexOf(':')
    const name = i > 0 ? spec.slice(0, i).trim() : ''
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError({ shortMessage: "--header expects 'NAME: VALUE'" })
    const raw = spec.slice(i + 1).trim()
    const value = secretValue(`--header ${name}`, raw)
    if (/[\r\n]/.test(value)) throw new UsageError({ shortMessage: `--header ${name}: the value has a line break` })
    headers[name] = value
    shown.push(`--header ${quote(`${name}: ${raw.startsWith('env:') ? raw : '…'}`)}`)
  }
  return headers
}

function parsePaths(spec: string): Record<FacilitatorEndpoint, string> {
  const paths = { ...defaultFacilitatorHttp.paths }
  for (const part of spec.split(',')) {
    const [name, path] = part.split('=', 2).map((s) => s.trim())
    if (name === undefined || !isFacilitatorEndpoint(name) || !path || /[\s?#]/.test(path)) {
      throw new UsageError({ shortMessage: `--facilitator-paths expects verify=PATH,settle=PATH,supported=PATH, got '${part}'` })
    }
    paths[name] = path
  }
  return paths
}

/** Reads the hosted-facilitator and foreign-chain flags; throws {@link UsageError}. */
export function parseTargetFlags(values: TargetFlagValues): TargetFlags {
  const extraFlags: string[] = []
  const headers = parseHeaders(values.header ?? [], extraFlags)
  const pathSpec = values['facilitator-paths']
  const paths = pathSpec === undefined ? defaultFacilitatorHttp.paths : parsePaths(pathSpec)
  if (pathSpec !== undefined) extraFlags.push(`--facilitator-paths ${quote(pathSpec)}`)
  const changed = Object.keys(headers).length > 0 || pathSpec !== undefined
  const payerKey = readKey({ flag: '--payer-key', value: values['payer-key'], file: values['payer-key-file'] })
  if (payerKey !== undefined && values.rpc === undefined)
    throw new UsageError({ shortMessage: '--payer-key needs --rpc (the chain to pay on)' })
  if (values.asset !== undefined && payerKey === undefined) throw new UsageError({ shortMessage: '--asset needs --payer-key' })
  if (values.asset !== undefined && !isAddress(values.asset, { strict: false })) {
    throw new UsageError({ shortMessage: `--asset must be an address, got ${values.asset}` })
  }
  if (payerKey !== undefined) {
    const given = values['payer-key']
    extraFlags.push(given?.startsWith('env:') ? `--payer-key ${given}` : '--payer-key-file FILE')
  }
  const asset = values.asset === undefined ? undefined : getAddress(values.asset)
  if (asset !== undefined) extraFlags.push(`--asset ${asset}`)
  return { facilitatorHttp: changed ? { headers, paths } : undefined, payerKey, asset, extraFlags }
}
