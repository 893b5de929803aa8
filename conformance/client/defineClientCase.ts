import { defineCase } from '../case.js'
import type { Case, CaseDefinition, Version } from '../case.js'
import type { TestContext } from '../context/types.js'
import type { ClientContext } from './context.js'

/** A client case: like any case, but its `run` gets the client context (the runner hands it to role `client`). */
export type ClientCaseDefinition = Omit<CaseDefinition, 'role' | 'run' | 'harm'> & {
  readonly harm: NonNullable<CaseDefinition['harm']>
  run(c: ClientContext): Promise<void>
}

/** Client cases run their client for up to 45 s, sometimes several times: a longer default timeout than the runner's. */
const clientCaseTimeoutMs = 150_000

/**
 * Declares a client case (role `client`, id `client.<area>.<name>`).
 *
 * @example
 * export const cases = [defineClientCase({ id: 'client.honest.amount-exact', clause: 'exact-evm.client.value-exact',
 *   level: 'MUST', harm: 'funds', versions: [1, 2], title: 'the client signs exactly the offered amount',
 *   run: async (c) => { … } })]
 */
export function defineClientCase(definition: ClientCaseDefinition): Case {
  const { run, ...rest } = definition
  return defineCase({
    timeoutMs: clientCaseTimeoutMs,
    ...rest,
    role: 'client',
    run: (t: TestContext) => run(t as unknown as ClientContext),
  })
}

/** One row of a table of client cases: the id's last part, the clause, the title, the run. */
export type ClientCaseRow = readonly [name: string, clause: string, title: string, run: (c: ClientContext) => Promise<void>]

/** Level, harm and (default both) versions shared by the rows of a table. */
export type ClientCaseGrade = Pick<ClientCaseDefinition, 'level' | 'harm'> & { readonly versions?: readonly Version[] }

/**
 * Client cases of one area and one grade from a table (ids `client.<area>.<name>`): one row per case.
 *
 * @example
 * export const cases = clientCases('honest', { level: 'MUST', harm: 'funds' }, [
 *   ['amount-exact', 'exact-evm.client.value-exact', 'the client signs exactly the offered amount', async (c) => { … }],
 * ])
 */
export function clientCases(area: string, grade: ClientCaseGrade, rows: readonly ClientCaseRow[]): Case[] {
  return rows.map(([name, clause, title, run]) =>
    defineClientCase({ id: `client.${area}.${name}`, clause, title, run, versions: [1, 2], ...grade }),
  )
}
