import type { Address } from 'viem'
import { describe, expect, test } from 'vitest'
import { defineCase } from '../case.js'
import { createContext } from './context.js'
import type { CaseRecord, Session } from './session.js'
import type { HostileMode } from './types.js'

const asset = { address: '0x036CbD53842c5426634e7929541eC2318f3dCF7e', name: 'USDC', version: '2' } as const
const kase = defineCase({
  id: 'server.context.test',
  clause: 'x.y',
  level: 'INFO',
  role: 'server',
  versions: [2],
  title: 'composes',
  run: async () => undefined,
})

function contextWith() {
  const modes = new Map<Address, HostileMode>()
  const offer = {
    url: 'http://127.0.0.1:9/paid',
    requirements: {
      amount: '5',
      asset: asset.address,
      payTo: '0x00000000000000000000000000000000000000cc',
      extra: { name: 'USDC', version: '2' },
    },
  }
  const session = {
    seed: 3,
    strict: false,
    chain: {
      chainId: 84532,
      network: 'eip155:84532',
      networkV1: 'base-sepolia',
      asset,
    },
    target: { hostile: true, facilitatorUrl: undefined },
    offers: new Map([[2, offer]]),
    fund: async () => undefined,
    setHostile: (payer: Address, mode: HostileMode) => void modes.set(payer, mode),
    facilitatorCalls: () => ({ verify: 1, settle: 0 }),
  } as unknown as Session
  const record: CaseRecord = { transcript: [], ledger: [], info: [], warnings: [] }
  return { t: createContext(session, kase, 2, record, false), record, modes }
}

describe('createContext', () => {
  test('default: the case, its version and every section', () => {
    const { t } = contextWith()
    expect([t.caseId, t.version, t.payTo, t.resourceUrl]).toEqual([
      kase.id,
      2,
      '0x00000000000000000000000000000000000000cc',
      'http://127.0.0.1:9/paid',
    ])
    const sections = [
      'pay',
      'verify',
      'fetchPaid',
      'hostile',
      'ledger',
      'race',
      'frontRun',
      'smartWallet',
      'property',
      'expectValid',
      'skip',
    ]
    expect(sections.filter((name) => !(name in t))).toEqual([])
  })

  test('the sections share one case: payers, keys, hostile mode and notes', async () => {
    const { t, record, modes } = contextWith()
    t.hostile({ settle: 'refuse' })
    const payer = await t.payer()
    const paid = await t.pay({ payer })
    expect(await t.sign(paid.authorization)).toBe(paid.signature)
    expect(modes.get(payer.address)).toEqual({ settle: 'refuse' })
    expect(t.facilitatorCalls()).toEqual({ verify: 1, settle: 0 })
    t.info('seen')
    expect(record.info).toEqual(['seen'])
  })
})
