import type { ChainMove } from './chain.js'
import { exactlyPaid } from './chain.js'
import type { Judgement } from './judge.js'
import type { RawAnswer } from './send.js'

/** The oracles every generated input is judged by (each reported by its own case). */
export const oracleIds = ['no-crash', 'time', 'no-5xx', 'invalid-not-accepted', 'paid-content', 'chain'] as const
export type OracleId = (typeof oracleIds)[number]

/** What the harness saw for one input. */
export type Observation = {
  answer: RawAnswer
  judgement: Judgement
  /** The chain during the input (the movements of its own payment, or of none known). */
  move: ChainMove
  /** A settlement of an earlier input's payment, mined meanwhile, that this payment does not allow. */
  late?: string | undefined
  /** Facilitator: `isValid` (verify) or `success` (settle) answered `true`. */
  accepted: boolean
  /** Server: a 2xx whose body is the paid content. */
  served: boolean
  /** After no answer: whether the target still answers a plain request. */
  alive: boolean
  /** The request body was larger than a target need read (64 KiB): closing the connection on it is an answer. */
  oversized: boolean
}

/**
 * The oracles `obs` violates, each with one sentence. A chain movement is allowed only when it is exactly
 * the payment the input's judgement expects (its amount from its payer to its payTo in the asset, once);
 * paid content only with such a movement; a harmful payment is never accepted.
 */
export function violations(obs: Observation): Partial<Record<OracleId, string>> {
  const out: Partial<Record<OracleId, string>> = {}
  const { answer, judgement, move } = obs
  if (answer.error !== undefined) {
    if (/^no answer within/.test(answer.error)) out.time = `${answer.error}`
    else if (!obs.alive) out['no-crash'] = `the target stopped answering after this input (${answer.error})`
    else if (!obs.oversized) out['no-crash'] = `the connection was dropped without an answer (${answer.error})`
  }
  if (answer.status >= 500) out['no-5xx'] = `answered ${answer.status} to client input`
  if (obs.accepted && judgement.harmful)
    out['invalid-not-accepted'] = `accepted a payment the harness judges invalid: ${judgement.why}`
  const paid = exactlyPaid(move, judgement.expected)
  if (move.transfers.length > 0 && !paid) {
    const what = move.transfers.map((t) => `${t.value} of ${t.token} from ${t.from} to ${t.to}`).join('; ')
    out.chain = `the chain moved funds that no valid payment of this input allows: ${what}`
  }
  if (obs.late !== undefined) out.chain = [out.chain, obs.late].filter((x) => x !== undefined).join('; ')
  if (obs.served && !paid) out['paid-content'] = 'served the paid content without a settled payment of the price'
  return out
}
