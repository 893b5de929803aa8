import type { Address } from 'viem'
import { describe, expect, test } from 'vitest'
import { defineCase } from '../case.js'
import type { Exchange } from './http.js'
import { createScope, transcriptLimit } from './scope.js'
import type { CaseRecord, Session } from './session.js'
import type { HostileMode } from './types.js'

const kase = defineCase({
  id: 'facilitator.scope.test',
  clause: 'facilitator.verify.valid',
  level: 'INFO',
  role: 'facilitator',
  versions: [1, 2],
  title: 'the scope is shared',
  run: async () => undefined,
})

function scopeWith(seed = 7) {
  const funded: [Address, bigint][] = []
  const hostile: [Address, HostileMode][] = []
  const session = {
    seed,
    fund: async (to: Address, amount: bigint) => void funded.push([to, amount]),
    setHostile: (payer: Address, mode: HostileMode) => void hostile.push([payer, mode]),
  } as unknown as Session
  const record: CaseRecord = { transcript: [], ledger: [], info: [], warnings: [] }
  return { scope: createScope(session, kase, 2, record, false), record, funded, hostile }
}

describe('createScope', () => {
  test('default', () => {
    const { scope } = scopeWith()
    expect([scope.label, scope.version, scope.exclusive]).toEqual(['facilitator.scope.test@v2', 2, false])
  })

  test('fresh values differ per call and repeat per seed', () => {
    const a = scopeWith(7).scope
    const b = scopeWith(7).scope
    const first = [a.fresh('nonce'), a.fresh('nonce'), a.freshSigner('payer').address]
    expect(new Set(first).size).toBe(3)
    expect([b.fresh('nonce'), b.fresh('nonce'), b.freshSigner('payer').address]).toEqual(first)
    expect(scopeWith(8).scope.fresh('nonce')).not.toBe(first[0])
  })

  test('adopt: the key is known, the payer funded and given the hostile mode set before or after', async () => {
    const { scope, funded, hostile } = scopeWith()
    const early = await scope.adopt(scope.freshSigner('payer'), 5n)
    scope.setHostileMode({ settle: 'down' })
    const late = await scope.adopt(scope.freshSigner('payer'), 0n)
    expect(scope.keyOf(early.address.toUpperCase().replace('0X', '0x'))).toEqual(early)
    expect(scope.payers).toEqual([early.address, late.address])
    expect(funded).toEqual([[early.address, 5n]])
    expect(hostile).toEqual([
      [early.address, { settle: 'down' }],
      [late.address, { settle: 'down' }],
    ])
  })

  test('info is noted once; the transcript keeps the first exchange and the latest', () => {
    const { scope, record } = scopeWith()
    scope.info('a')
    scope.info('a')
    expect(record.info).toEqual(['a'])
    const exchange = (n: number) => ({ status: n }) as unknown as Exchange
    for (let n = 0; n < transcriptLimit + 5; n++) expect(scope.keep(exchange(n))).toEqual(exchange(n))
    expect(record.transcript).toHaveLength(transcriptLimit)
    expect(record.transcript.map((x) => x.status).slice(0, 2)).toEqual([0, 6])
    expect(record.transcript.at(-1)?.status).toBe(transcriptLimit + 4)
  })
})
