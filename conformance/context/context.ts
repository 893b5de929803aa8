import type { Case, Version } from '../case.js'
import { createActors } from './actors.js'
import type { CaseControl } from './control.js'
import { createVerdicts } from './expect.js'
import { createHostile } from './hostile.js'
import { createOnChain } from './onchain.js'
import { createPayments } from './payments.js'
import { createProperty } from './property.js'
import { createRequests } from './requests.js'
import { createScope } from './scope.js'
import type { CaseRecord, Session } from './session.js'
import type { TestContext } from './types.js'

export type { CaseControl } from './control.js'
export type { CaseRecord, ServerOffer, Session } from './session.js'

/**
 * Builds the context `t` for one case at one version from its sections: payments, HTTP, chain,
 * chain actors, hostile facilitator, property checks and verdicts. `record` receives the transcript,
 * ledger deltas, notes and warnings; `exclusive` says no other case runs at the same time; `control`
 * (the runner's) cancels the case and hands it its turn to move money.
 */
export function createContext(
  session: Session,
  kase: Case,
  version: Version,
  record: CaseRecord,
  exclusive: boolean,
  control?: CaseControl,
): TestContext {
  const scope = createScope(session, kase, version, record, exclusive, control)
  const verdicts = createVerdicts({ strict: session.strict, info: scope.info, warn: scope.warn })
  return {
    caseId: kase.id,
    version,
    target: session.target,
    chain: session.chain,
    ...createPayments(scope),
    ...createRequests(scope),
    ...createHostile(scope),
    ...createOnChain(scope, record),
    ...createActors(scope, verdicts.skip),
    property: createProperty(scope),
    ...verdicts,
  }
}
