import { describe, expect, test } from 'vitest'
import { createSettleGate } from './settleGate.js'
import type { SettleResponse } from '../types/responses.js'

const ok: SettleResponse = { success: true, transaction: '0x01', network: 'eip155:1' }
const failed: SettleResponse = { success: false, errorReason: 'x', transaction: '', network: 'eip155:1' }
const duplicate = (first: SettleResponse): SettleResponse | undefined =>
  first.success ? { ...failed, errorReason: 'dup' } : first.transaction === '' ? undefined : first

describe('createSettleGate', () => {
  test('a concurrent run of the same key waits for the first and gets the duplicate answer', async () => {
    const gate = createSettleGate()
    let release!: (r: SettleResponse) => void
    let runs = 0
    const settle = () => {
      runs++
      return new Promise<SettleResponse>((resolve) => (release = resolve))
    }
    const a = gate.run('k', settle, duplicate)
    const b = gate.run('k', settle, duplicate)
    expect(gate.size()).toBe(1)
    release(ok)
    expect(await a).toBe(ok)
    expect(await b).toMatchObject({ success: false, errorReason: 'dup' })
    expect(runs).toBe(1)
    expect(gate.size()).toBe(0)
  })
  test('after a failure that broadcast something, the duplicate gets that failure', async () => {
    const gate = createSettleGate()
    const reverted = { ...failed, transaction: '0x02' }
    const [a, b] = await Promise.all([gate.run('k', async () => reverted, duplicate), gate.run('k', async () => ok, duplicate)])
    expect(a).toBe(reverted)
    expect(b).toBe(reverted)
  })
  test('after a failure that broadcast nothing, the duplicate settles on its own', async () => {
    const gate = createSettleGate()
    const [a, b] = await Promise.all([gate.run('k', async () => failed, duplicate), gate.run('k', async () => ok, duplicate)])
    expect(a).toBe(failed)
    expect(b).toBe(ok)
  })
  test('different keys run independently', async () => {
    const gate = createSettleGate()
    let runs = 0
    await Promise.all(['a', 'b', 'c'].map((k) => gate.run(k, async () => (runs++, ok), duplicate)))
    expect(runs).toBe(3)
  })
})
