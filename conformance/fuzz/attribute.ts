import type { ChainMove, Expected, Movement } from './chain.js'
import { exactlyPaid } from './chain.js'

/** A payment an earlier input sent: what its settlement may move, and its request (for evidence). */
export type Sent = { expected: Expected | undefined; request: Record<string, unknown> }

/** What the chain did during one input, split by whose payment caused it. */
export type Attributed = { own: ChainMove; late: string | undefined }

const showMove = (t: Movement) => `${t.value} of ${t.token} from ${t.from} to ${t.to}`

/**
 * Splits the movements seen while one input was handled. A transfer whose transaction used the nonce of
 * a payment an earlier input sent belongs to that input (its settlement was mined after its answer) and is
 * judged against what that payment allows (`late` says how it broke that); every other transfer is the
 * input's own (`nonce` is the nonce of the input's own payment, if it sent one).
 */
export function attribute(move: ChainMove, nonce: string | undefined, sent: ReadonlyMap<string, Sent>): Attributed {
  const own: Movement[] = []
  const late = new Map<string, Movement[]>()
  for (const t of move.transfers) {
    const key = t.nonce?.toLowerCase()
    if (key === undefined || key === nonce?.toLowerCase() || !sent.has(key)) own.push(t)
    else late.set(key, [...(late.get(key) ?? []), t])
  }
  const broken = [...late].filter(([key, ts]) => !exactlyPaid({ blocks: move.blocks, transfers: ts }, sent.get(key)?.expected))
  const why = broken.map(
    ([key, ts]) =>
      `${ts.map(showMove).join('; ')} (the payment of an earlier input, ${JSON.stringify(sent.get(key)?.request).slice(0, 300)}, mined after its answer)`,
  )
  return {
    own: { blocks: move.blocks, transfers: own },
    late: why.length === 0 ? undefined : `the chain moved funds that no valid payment allows: ${why.join('; ')}`,
  }
}
