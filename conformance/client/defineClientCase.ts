import { defineCase } from '../case.js'
import type { Case, CaseDefinition } from '../case.js'
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
