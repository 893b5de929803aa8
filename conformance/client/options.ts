import type { Case, Version } from '../case.js'
import type { CaseControl, CaseRecord } from '../context/context.js'
import { UsageError } from '../errors.js'
import { createClientContext } from './context.js'
import type { ClientHarness, ClientLimits } from './harness.js'

type ClientFlags = {
  client?: string | undefined
  'client-max-per-request'?: string | undefined
  'client-budget'?: string | undefined
  facilitator?: string | undefined
  server?: string[] | undefined
  exec?: string | undefined
}

/** Checks `--client` and its limits; throws a {@link UsageError}. The limits are atomic units, at least 1. */
export function parseClientOptions(values: ClientFlags): ClientLimits | undefined {
  const amount = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined
    if (!/^[1-9][0-9]{0,77}$/.test(v))
      throw new UsageError({ shortMessage: `--${name} must be a positive integer (atomic units), got '${v}'` })
    return BigInt(v)
  }
  const maxPerRequest = amount('client-max-per-request', values['client-max-per-request'])
  const budget = amount('client-budget', values['client-budget'])
  if (values.client === undefined) {
    if (maxPerRequest !== undefined || budget !== undefined)
      throw new UsageError({ shortMessage: '--client-max-per-request and --client-budget need --client' })
    return undefined
  }
  if (!values.client.includes('{URL}'))
    throw new UsageError({ shortMessage: `--client needs '{URL}' where the paid URL goes, got '${values.client}'` })
  if (values.facilitator !== undefined || (values.server ?? []).length > 0 || values.exec !== undefined)
    throw new UsageError({ shortMessage: '--client cannot be combined with --facilitator, --server or --exec' })
  return { maxPerRequest, budget }
}

/** The runner's hook for client cases of a `--client` run. */
export function clientContextOf(harness: ClientHarness) {
  return (kase: Case, version: Version, record: CaseRecord, control: CaseControl) =>
    createClientContext(harness, kase, version, record, control)
}
