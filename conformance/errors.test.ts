import { describe, expect, test } from 'vitest'
import { CaseDefinitionError, FixtureError, UsageError } from './errors.js'

describe('rendered messages', () => {
  test('UsageError', () => {
    const error = new UsageError({ shortMessage: "--runs must be an integer ≥ 1, got 'x'" })
    expect(error.name).toBe('UsageError')
    expect(error.message).toMatchInlineSnapshot(`"--runs must be an integer ≥ 1, got 'x'"`)
  })

  test('CaseDefinitionError', () => {
    const error = new CaseDefinitionError({ shortMessage: 'duplicate case id facilitator.a', details: 'a.ts and b.ts' })
    expect(error.name).toBe('CaseDefinitionError')
    expect(error.message).toMatchInlineSnapshot(`
      "duplicate case id facilitator.a

      Details: a.ts and b.ts"
    `)
  })

  test('FixtureError', () => {
    const error = new FixtureError({ shortMessage: 'v2.payment-payload.nonce: no error at /payload/nonce', details: '/payload' })
    expect(error.name).toBe('FixtureError')
    expect(error.message).toMatchInlineSnapshot(`
      "v2.payment-payload.nonce: no error at /payload/nonce

      Details: /payload"
    `)
  })
})
