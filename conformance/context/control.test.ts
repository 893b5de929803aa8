import { describe, expect, test } from 'vitest'
import { createTurnstile, deadline, settlesWithin } from './control.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const open = () => new AbortController().signal

describe('createTurnstile', () => {
  test('default: one holder at a time, first come first served', async () => {
    const turns = createTurnstile()
    const order: string[] = []
    const hold = async (name: string, ms: number) => {
      const release = await turns.acquire(open())
      order.push(`${name} in`)
      await sleep(ms)
      order.push(`${name} out`)
      release()
    }
    await Promise.all([hold('a', 30), hold('b', 10), hold('c', 0)])
    expect(order).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out'])
  })

  test('a release called twice passes the turn once', async () => {
    const turns = createTurnstile()
    const release = await turns.acquire(open())
    const second = turns.acquire(open())
    const third = turns.acquire(open())
    release()
    release()
    const releaseSecond = await second
    let thirdIn = false
    void third.then(() => (thirdIn = true))
    await sleep(10)
    expect(thirdIn).toBe(false)
    releaseSecond()
    await third
  })

  describe('errors', () => {
    test('an aborted waiter leaves the queue; the next one gets the turn', async () => {
      const turns = createTurnstile()
      const release = await turns.acquire(open())
      const cancel = new AbortController()
      const waiting = turns.acquire(cancel.signal)
      const next = turns.acquire(open())
      cancel.abort(new Error('timed out'))
      await expect(waiting).rejects.toThrow('timed out')
      release()
      await expect(next).resolves.toBeTypeOf('function')
    })
  })
})

describe('deadline', () => {
  test('default: expires after its time', async () => {
    let expired = false
    deadline(20, () => (expired = true))
    await sleep(40)
    expect(expired).toBe(true)
  })

  test('paused time does not count; cleared never expires', async () => {
    let expired = 0
    const limit = deadline(40, () => expired++)
    limit.pause()
    await sleep(60)
    expect(expired).toBe(0)
    limit.resume()
    await sleep(60)
    expect(expired).toBe(1)
    const cleared = deadline(20, () => expired++)
    cleared.pause()
    cleared.clear()
    cleared.resume()
    await sleep(40)
    expect(expired).toBe(1)
  })
})

describe('settlesWithin', () => {
  test('true when the promise settles in time (also by rejecting), else false', async () => {
    expect(await settlesWithin(Promise.reject(new Error('no')), 50)).toBe(true)
    expect(await settlesWithin(sleep(200), 20)).toBe(false)
  })
})
