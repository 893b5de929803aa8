import { describe, expect, test } from 'vitest'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { createJsonLogger } from './jsonLogger.js'

const collect = () => {
  const lines: string[] = []
  return { lines, log: createJsonLogger('server', (line) => lines.push(line)) }
}

describe('createJsonLogger', () => {
  test('default', () => {
    const { lines, log } = collect()
    log('request', { method: 'GET', status: 402, amount: 10_000n })
    expect(JSON.parse(lines[0]!)).toMatchObject({ role: 'server', event: 'request', method: 'GET', status: 402, amount: '10000' })
  })

  test('secrets and signatures are dropped at any depth, by name and by shape', async () => {
    const key = generatePrivateKey()
    const signature = await privateKeyToAccount(key).signMessage({ message: 'x402' })
    const { lines, log } = collect()
    log('failed', {
      privateKey: key,
      payment: { payload: { signature, authorization: { from: '0x0000000000000000000000000000000000000001' } } },
      message: `the facilitator refused ${signature}`,
    })
    expect(lines[0]).not.toContain(key.slice(2))
    expect(lines[0]).not.toContain(signature.slice(2))
    expect(JSON.parse(lines[0]!)).toMatchObject({
      payment: { payload: { authorization: { from: '0x0000000000000000000000000000000000000001' } } },
      message: 'the facilitator refused [signature]',
    })
  })

  test('a transaction hash is kept', () => {
    const { lines, log } = collect()
    const transaction = `0x${'ab'.repeat(32)}`
    log('settled', { transaction })
    expect(JSON.parse(lines[0]!).transaction).toBe(transaction)
  })
})
