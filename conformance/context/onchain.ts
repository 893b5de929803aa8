import type { PublicClient } from 'viem'
import { createLedger } from './ledger.js'
import type { CaseRecord } from './session.js'
import { race } from './race.js'
import type { CaseScope } from './scope.js'
import type { TestContext } from './types.js'

/** The chain section of the context: the ledger oracle, races, funding with other tokens. */
export type OnChain = Pick<TestContext, 'ledger' | 'race' | 'fundToken'>

/** Builds the chain section of one case's context; ledger deltas go to `record`. */
export function createOnChain(scope: CaseScope, record: CaseRecord): OnChain {
  const { session } = scope
  const client = session.chain.client as PublicClient
  return {
    ledger: createLedger({
      client,
      signer: session.target.signer,
      exclusive: scope.exclusive,
      payToShared: scope.kase.role === 'server',
      record: (delta) => record.ledger.push(delta),
    }),
    race: (requests, o = {}) => race(session.testClient, client, requests, o.minPending ?? 1),
    fundToken: (token, to, amount) => session.fund(to, amount, token),
  }
}
