import type { PublicClient } from 'viem'
import type { TestContext } from '../context/types.js'
import type { Exercised } from './campaign.js'
import { attribute } from './attribute.js'
import type { Sent } from './attribute.js'
import { exactlyPaid, latestBlock, movesSince } from './chain.js'
import type { ChainMove } from './chain.js'
import type { Judgement } from './judge.js'
import { violations } from './oracles.js'
import type { Observation } from './oracles.js'
import { sendRaw } from './send.js'
import type { RawAnswer, RawRequest } from './send.js'

/** A request as shown in evidence: long values cut (the reproduction regenerates them from the seed). */
export function shown(request: RawRequest): Record<string, unknown> {
  const cut = (s: string) => (s.length > 600 ? `${s.slice(0, 600)}… (${s.length} characters)` : s)
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, cut(v)]))
  return {
    method: request.method,
    path: cut(request.path),
    headers,
    ...(request.body === undefined ? {} : { body: cut(request.body) }),
  }
}

/** What a driver observes with: the target's origin, the answer time limit, its liveness probe, the chain. */
export type Probe = {
  t: TestContext
  origin: string
  answerMs: number
  alive(): Promise<boolean>
  /** The block the chain was last read at: an input's movements are those mined after the previous input's. */
  block?: bigint
  /** The funded payments earlier inputs sent, by nonce: a settlement mined after its answer is judged as theirs. */
  sent?: Map<string, Sent>
}

/** What a driver reads from an answer; `settled`: the answer claims a settlement (a settle success, paid content). */
export type Reading = Pick<Observation, 'accepted' | 'served'> & { settled: boolean }

/** How long a claimed settlement not yet on the chain is waited for before the input is judged. */
const settleWaitMs = 1_000

/** The movements mined after `probe.block` (advancing it), split by whose payment caused them. */
async function readChain(probe: Probe, client: PublicClient, nonce: string | undefined) {
  const before = probe.block ?? (await latestBlock(client))
  const move = await movesSince(client, before)
  probe.block = before + BigInt(move.blocks)
  return attribute(move, nonce, probe.sent ?? new Map())
}

const joined = (a: ChainMove, b: ChainMove): ChainMove => ({
  blocks: a.blocks + b.blocks,
  transfers: [...a.transfers, ...b.transfers],
})

/**
 * Sends one generated request and observes it: the answer, the chain meanwhile (blocks and Transfer events,
 * a settlement of an earlier input's payment judged as that input's; a settlement the answer claims is waited
 * for a moment), and, when no answer came, whether the target still answers (`alive`). `nonce`: the nonce of
 * the funded payment the request carries, if any.
 */
export async function observe(
  probe: Probe,
  request: RawRequest,
  judgement: Judgement,
  read: (answer: RawAnswer) => Reading,
  nonce?: string,
): Promise<Exercised> {
  const client = probe.t.chain.client as PublicClient
  probe.block ??= await latestBlock(client)
  const answer = await sendRaw(probe.origin, request, probe.answerMs)
  const { settled, ...reading } = read(answer)
  let { own: move, late } = await readChain(probe, client, nonce)
  for (let waited = 0; settled && !exactlyPaid(move, judgement.expected) && waited < settleWaitMs; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    const more = await readChain(probe, client, nonce)
    move = joined(move, more.own)
    late = [late, more.late].filter((x) => x !== undefined).join('; ') || undefined
  }
  const alive = answer.error === undefined ? true : await probe.alive()
  const observation: Observation = {
    answer,
    judgement,
    move,
    late,
    ...reading,
    alive,
    oversized: Buffer.byteLength(request.body ?? '') > 64 * 1024 || Buffer.byteLength(request.path) > 8 * 1024,
  }
  const shownRequest = shown(request)
  if (nonce !== undefined)
    (probe.sent ??= new Map()).set(nonce.toLowerCase(), { expected: judgement.expected, request: shownRequest })
  return { observation, violated: violations(observation), request: shownRequest }
}
