import { validateAgainstSchema } from '../../../src/codecs/validateAgainstSchema.js'
import { defineCase } from '../../case.js'
import type { Version } from '../../case.js'
import type { Exchange } from '../../context/http.js'
import type { TestContext } from '../../context/types.js'

/** Shared pieces of the challenge cases (challenge.ts, challenge-offers.ts). */

/** The 402 answer to an unpaid GET of the paid URL, checked to be a 402. */
export async function challenge(t: TestContext): Promise<Exchange> {
  const res = await t.fetchPaid(undefined)
  t.check(res.status === 402, `expected 402 without payment, got ${res.status}`, { status: res.status, body: res.body })
  return res
}

/** Fails with the schema's problems when `value` does not validate against the schema `id`. */
export function schemaCheck(t: TestContext, id: string, value: unknown, what: string): void {
  const { valid, errors } = validateAgainstSchema(id as never, value)
  t.check(valid, `${what} does not match ${id}: ${errors.map((e) => `${e.pointer || '/'} ${e.message}`).join('; ')}`, { value })
}

/** A MUST row names the peer that fails (DESIGN §10): a client cannot read or pay the challenge. */
export const interop = { level: 'MUST', harm: 'interop' } as const
/** Stricter than any client needs; fails only under --strict. */
export const hygiene = { level: 'SHOULD', harm: 'hygiene' } as const

/** A check of the unpaid 402 challenge of one version. */
export type ChallengeRow = {
  id: string
  clause: string
  versions: Version[]
  title: string
  check: (t: TestContext, res: Exchange) => void
} & (typeof interop | typeof hygiene)

/** The case of a {@link ChallengeRow}: fetches the challenge, then checks it. */
export const onChallenge = (row: ChallengeRow) => {
  const { check, ...definition } = row
  return defineCase({ ...definition, role: 'server', run: async (t) => check(t, await challenge(t)) })
}
