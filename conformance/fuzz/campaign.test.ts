import fc from 'fast-check'
import { expect, test } from 'vitest'
import { runCampaign } from './campaign.js'
import type { Driver, Exercised } from './campaign.js'
import type { OracleId } from './oracles.js'

const seed = 7
const inputs = 100
const arbitrary = fc.noShrink(fc.integer({ min: 0, max: 1e9 }))
const sequence = fc.sample(arbitrary, { seed, numRuns: inputs })

/** A driver over plain numbers: the 10th input answers 5xx, the 20th too late; every send is recorded. */
function driver(sends: number[]): Driver<number> {
  const violates: Partial<Record<number, OracleId>> = { [sequence[9]!]: 'no-5xx', [sequence[19]!]: 'time' }
  return {
    arbitrary,
    alive: async () => true,
    exercise: async (input): Promise<Exercised> => {
      sends.push(input)
      const oracle = violates[input]
      const answer = { status: oracle === 'no-5xx' ? 500 : 200, headers: {}, text: '', ms: 1 }
      const judgement = { valid: false, harmful: false, why: 'a number' }
      const observation = {
        ...{ answer, judgement, move: { blocks: 0, transfers: [] }, accepted: false, served: false, alive: true },
        oversized: false,
      }
      return { observation, violated: oracle === undefined ? {} : { [oracle]: `input ${input}` }, request: { input } }
    },
  }
}

test('each oracle gets its finding and no input is sent twice across the finding rounds', async () => {
  const sends: number[] = []
  const oracles = ['no-5xx', 'time', 'chain'] as const
  const result = await runCampaign(driver(sends), { inputs, seed, oracles, budgetMs: 60_000, label: 'numbers' })
  expect([...result.findings.keys()].sort()).toEqual(['no-5xx', 'time'])
  expect(result.findings.get('no-5xx')?.input).toBe(sequence[9])
  expect(result.findings.get('time')?.input).toBe(sequence[19])
  expect(sends).toEqual(sequence)
  expect(result.stats.requests).toBe(inputs)
})
