import type { Address } from 'viem'
import { describe, expect, test } from 'vitest'
import { defineCase } from '../case.js'
import { deriveSigner } from './builders.js'
import { SuiteError } from './errors.js'
import { CaseSkip } from './failure.js'
import { createHostile } from './hostile.js'
import { createScope } from './scope.js'
import type { Session } from './session.js'
import type { HostileMode } from './types.js'

const kase = defineCase({
  id: 'server.hostile.test',
  clause: 'x.y',
  level: 'INFO',
  role: 'server',
  versions: [2],
  title: 'is hostile',
  run: async () => undefined,
})

function hostileFor(o: { proxy: boolean; exclusive?: boolean; rpc?: boolean }) {
  const modes = new Map<Address, HostileMode>()
  const rpc: boolean[] = []
  const session = {
    seed: 1,
    target: { hostile: o.proxy },
    fund: async () => undefined,
    ...(o.proxy
      ? {
          setHostile: (payer: Address, mode: HostileMode) => void modes.set(payer, mode),
          facilitatorCalls: (payer: Address) => ({ verify: modes.has(payer) ? 1 : 0, settle: 2 }),
        }
      : {}),
    ...(o.rpc ? { setRpcDown: (down: boolean) => void rpc.push(down) } : {}),
  } as unknown as Session
  const scope = createScope(session, kase, 2, { transcript: [], ledger: [], info: [], warnings: [] }, o.exclusive ?? true)
  return { scope, hostile: createHostile(scope), modes, rpc }
}

describe('createHostile', () => {
  test('default: the mode reaches every payer; calls are summed over the payers', async () => {
    const { scope, hostile, modes } = hostileFor({ proxy: true })
    const a = await scope.adopt(deriveSigner(1, 'a'), 0n)
    hostile.hostile({ verify: 'lie-valid' })
    const b = await scope.adopt(deriveSigner(1, 'b'), 0n)
    expect([...modes]).toEqual([
      [a.address, { verify: 'lie-valid' }],
      [b.address, { verify: 'lie-valid' }],
    ])
    expect(hostile.facilitatorCalls()).toEqual({ verify: 2, settle: 4 })
  })

  test('rpcOutage: down while the run lasts, restored after a throw', async () => {
    const { hostile, rpc } = hostileFor({ proxy: false, rpc: true })
    await expect(hostile.rpcOutage(async () => rpc.length)).resolves.toBe(1)
    await expect(hostile.rpcOutage(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(rpc).toEqual([true, false, true, false])
  })

  describe('errors', () => {
    test('skips when the server does not use the harness facilitator', () => {
      const { hostile } = hostileFor({ proxy: false })
      expect(() => hostile.hostile({ settle: 'down' })).toThrow(CaseSkip)
      expect(() => hostile.facilitatorCalls()).toThrow(CaseSkip)
    })

    test('rpcOutage skips without RPC control; in a shared case it is an error of the suite', async () => {
      await expect(hostileFor({ proxy: false }).hostile.rpcOutage(async () => 1)).rejects.toThrow(CaseSkip)
      const shared = hostileFor({ proxy: false, rpc: true, exclusive: false })
      await expect(shared.hostile.rpcOutage(async () => 1)).rejects.toThrow(SuiteError)
      expect(shared.rpc).toEqual([])
    })
  })
})
