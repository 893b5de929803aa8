import { SuiteError } from './errors.js'
import { CaseSkip } from './failure.js'
import type { CaseScope } from './scope.js'
import type { TestContext } from './types.js'

/** The hostile-facilitator section of the context: the proxy's behaviour, its call counts, an RPC outage. */
export type Hostile = Pick<TestContext, 'hostile' | 'facilitatorCalls' | 'rpcOutage'>

const notThroughHarness = 'the server does not settle through the harness facilitator'

/** Builds the hostile-facilitator section of one case's context. */
export function createHostile(scope: CaseScope): Hostile {
  const { session } = scope
  return {
    hostile(mode) {
      if (!session.target.hostile || !session.setHostile) throw new CaseSkip(notThroughHarness)
      scope.setHostileMode(mode)
    },
    facilitatorCalls() {
      const calls = session.facilitatorCalls
      if (!session.target.hostile || !calls) throw new CaseSkip(notThroughHarness)
      const total = { verify: 0, settle: 0 }
      for (const payer of scope.payers) {
        const c = calls(payer)
        total.verify += c.verify
        total.settle += c.settle
      }
      return total
    },
    async rpcOutage(run) {
      const setRpcDown = session.setRpcDown
      if (!setRpcDown) throw new CaseSkip("the harness does not control the facilitator's RPC (only embedded and --exec targets)")
      if (!scope.exclusive) {
        throw new SuiteError({ shortMessage: `t.rpcOutage needs an exclusive case: mark ${scope.kase.id} exclusive` })
      }
      setRpcDown(true)
      try {
        return await run()
      } finally {
        setRpcDown(false)
      }
    },
  }
}
