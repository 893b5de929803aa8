import type { PublicClient } from 'viem'
import { harnessStep } from './errors.js'
import { createLedger } from './ledger.js'
import type { LedgerOracle } from './ledger.js'
import { race } from './race.js'
import type { CaseScope } from './scope.js'
import type { CaseRecord } from './session.js'
import type { TestContext } from './types.js'

/** The chain section of the context: the ledger oracle, races, funding with other tokens. */
export type OnChain = Pick<TestContext, 'ledger' | 'race' | 'fundToken'>

/**
 * The ledger oracle with its own failures told apart: a verdict (the target moved the wrong funds) stays a
 * verdict; anything else (an address viem refuses, an RPC error of the harness chain) is an error of the suite.
 * Once `signal` aborts (the case timed out), no read starts.
 */
export function guardLedger(ledger: LedgerOracle, signal?: AbortSignal): LedgerOracle {
  const step = <T>(what: string, read: () => Promise<T>) =>
    harnessStep(what, () => {
      signal?.throwIfAborted()
      return read()
    })
  return {
    snapshot: (paid) => step('take a ledger snapshot', () => ledger.snapshot(paid)),
    expectPaid: (before, transaction) => step('read the ledger', () => ledger.expectPaid(before, transaction)),
    expectUntouched: (before) => step('read the ledger', () => ledger.expectUntouched(before)),
    signerTransactions: (before) => step("count the signer's transactions", () => ledger.signerTransactions(before)),
    transfersFrom: (before) => step('read the Transfer events', () => ledger.transfersFrom(before)),
  }
}

/** Builds the chain section of one case's context; ledger deltas go to `record`. */
export function createOnChain(scope: CaseScope, record: CaseRecord): OnChain {
  const { session } = scope
  const client = session.chain.client as PublicClient
  const ledger = createLedger({
    client,
    signer: session.target.signer,
    exclusive: scope.exclusive,
    payToShared: scope.kase.role === 'server',
    record: (delta) => record.ledger.push(delta),
  })
  return {
    ledger: guardLedger(ledger, scope.signal),
    race: (requests, o = {}) =>
      harnessStep('hold mining for a race', () => race(session.testClient, client, requests, o.minPending ?? 1, scope.signal)),
    fundToken: (token, to, amount) => harnessStep(`fund ${to} with ${token}`, () => session.fund(to, amount, token)),
  }
}
