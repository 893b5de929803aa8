import { describe, expect, test } from 'vitest'
import { X402Error } from './X402Error.js'

describe('X402Error', () => {
  test('default', () => {
    const error = new X402Error({
      shortMessage: 'unknown network',
      details: 'eip155:0',
      metaMessages: ['one', 'two'],
      clause: 'a.b',
    })
    expect(error.message).toMatchInlineSnapshot(`
      "unknown network

      one
      two

      Details: eip155:0
      Clause: a.b"
    `)
    expect(error.name).toBe('X402Error')
  })

  test('walk', () => {
    const root = new Error('root')
    const error = new X402Error({ shortMessage: 'outer', cause: new X402Error({ shortMessage: 'inner', cause: root }) })
    expect(error.walk()).toBe(root)
    expect(error.walk((e) => e instanceof X402Error && e.shortMessage === 'inner')).toBeInstanceOf(X402Error)
    expect(error.walk(() => false)).toBeNull()
  })
})
