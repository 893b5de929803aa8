import { describe, expect, test } from 'vitest'
import { ChainStartError, ChainTransactionError, ContractDeployError, RpcError } from './errors.js'

describe('rendered messages', () => {
  test('ChainStartError', () => {
    const error = new ChainStartError({
      shortMessage: 'anvil exited during startup',
      details: 'anvil --port 1',
      metaMessages: ['anvil stderr (tail):', 'boom'],
    })
    expect(error.name).toBe('ChainStartError')
    expect(error.message).toMatchInlineSnapshot(`
      "anvil exited during startup

      anvil stderr (tail):
      boom

      Details: anvil --port 1"
    `)
  })

  test('RpcError', () => {
    const error = new RpcError({ shortMessage: 'JSON-RPC eth_call failed: execution reverted', details: 'http://127.0.0.1:8545' })
    expect(error.name).toBe('RpcError')
    expect(error.message).toMatchInlineSnapshot(`
      "JSON-RPC eth_call failed: execution reverted

      Details: http://127.0.0.1:8545"
    `)
  })

  test('ContractDeployError', () => {
    const error = new ContractDeployError({ shortMessage: 'contract deployment was not mined', details: 'is automine on?' })
    expect(error.name).toBe('ContractDeployError')
    expect(error.message).toMatchInlineSnapshot(`
      "contract deployment was not mined

      Details: is automine on?"
    `)
  })

  test('ChainTransactionError', () => {
    const error = new ChainTransactionError({ shortMessage: 'mint reverted', details: '0xabc' })
    expect(error.name).toBe('ChainTransactionError')
    expect(error.message).toMatchInlineSnapshot(`
      "mint reverted

      Details: 0xabc"
    `)
  })
})
