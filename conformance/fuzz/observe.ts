import type { PublicClient } from 'viem'
import type { TestContext } from '../context/types.js'
import type { Exercised } from './campaign.js'
import { latestBlock, movesSince } from './chain.js'
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
}

/**
 * Sends one generated request and observes it: the answer, the chain meanwhile (blocks and Transfer events),
 * and, when no answer came, whether the target still answers (`alive`).
 */
export async function observe(
  probe: Probe,
  request: RawRequest,
  judgement: Judgement,
  read: (answer: RawAnswer) => Pick<Observation, 'accepted' | 'served'>,
): Promise<Exercised> {
  const client = probe.t.chain.client as PublicClient
  const before = probe.block ?? (await latestBlock(client))
  const answer = await sendRaw(probe.origin, request, probe.answerMs)
  const move = await movesSince(client, before)
  probe.block = before + BigInt(move.blocks)
  const alive = answer.error === undefined ? true : await probe.alive()
  const observation: Observation = {
    answer,
    judgement,
    move,
    ...read(answer),
    alive,
    oversized: Buffer.byteLength(request.body ?? '') > 64 * 1024 || Buffer.byteLength(request.path) > 8 * 1024,
  }
  return { observation, violated: violations(observation), request: shown(request) }
}
