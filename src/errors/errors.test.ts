import { describe, expect, test } from 'vitest'
import { InvalidChallengeError } from './challenge.js'
import { LoopbackOnlyError, PaywallConfigError, RouteConfigError } from './config.js'
import { InvalidAmountError, InvalidTimeError, UnknownNetworkError, UnpayableRequirementsError } from './input.js'
import { PackageFilesError, UnknownSchemaError } from './package.js'
import { X402Error } from './X402Error.js'

const render = (error: X402Error) => `${error.name}: ${error.message}`

describe('every family renders the same way', () => {
  test('LoopbackOnlyError', () => {
    expect(render(new LoopbackOnlyError({ who: 'the reference facilitator', host: '0.0.0.0' }))).toMatchInlineSnapshot(`
      "LoopbackOnlyError: the reference facilitator binds to loopback only

      Details: 0.0.0.0"
    `)
  })
  test('RouteConfigError', () => {
    expect(render(new RouteConfigError({ path: 'paid', problem: 'path must start with /' }))).toMatchInlineSnapshot(`
      "RouteConfigError: invalid paid route paid

      Details: path must start with /"
    `)
  })
  test('PaywallConfigError', () => {
    expect(render(new PaywallConfigError({ problem: 'version must be 1, 2 or both', details: '3' }))).toMatchInlineSnapshot(`
      "PaywallConfigError: version must be 1, 2 or both

      Details: 3"
    `)
  })
  test('InvalidAmountError', () => {
    const error = new InvalidAmountError({ problem: 'not a canonical decimal uint256 string', value: '"01"' })
    expect(render(error)).toMatchInlineSnapshot(`
      "InvalidAmountError: not a canonical decimal uint256 string

      Details: "01""
    `)
  })
  test('InvalidTimeError', () => {
    expect(render(new InvalidTimeError({ what: 'verify: `now`', value: 1.5 }))).toMatchInlineSnapshot(`
      "InvalidTimeError: verify: \`now\` must be unix seconds (a non-negative integer)

      Details: 1.5"
    `)
  })
  test('UnknownNetworkError', () => {
    const error = new UnknownNetworkError({ network: 'nowhere' })
    expect(render(error)).toMatchInlineSnapshot(`"UnknownNetworkError: unknown EVM network: nowhere"`)
  })
  test('UnpayableRequirementsError', () => {
    const clause = 'exact-evm.client.to-pay-to'
    const error = new UnpayableRequirementsError({ problem: 'payTo is not an EVM address', details: 'alice', clause })
    expect(render(error)).toMatchInlineSnapshot(`
      "UnpayableRequirementsError: payTo is not an EVM address

      Details: alice
      Clause: exact-evm.client.to-pay-to"
    `)
  })
  test('PackageFilesError', () => {
    expect(render(new PackageFilesError({ problem: 'schema x is missing from schemas/' }))).toMatchInlineSnapshot(
      `"PackageFilesError: schema x is missing from schemas/"`,
    )
  })
  test('UnknownSchemaError', () => {
    const error = new UnknownSchemaError({ schemaId: 'https://example.com/x' })
    expect(render(error)).toMatchInlineSnapshot(`"UnknownSchemaError: unknown schema id: https://example.com/x"`)
  })
  test('InvalidChallengeError', () => {
    const cause = new Error('bad base64')
    const problem = 'the PAYMENT-REQUIRED header cannot be read'
    const error = new InvalidChallengeError({ problem, cause, issues: 'bad base64' })
    expect(render(error)).toMatchInlineSnapshot(`
      "InvalidChallengeError: the PAYMENT-REQUIRED header cannot be read

      bad base64"
    `)
    expect(error.walk()).toBe(cause)
  })
})

test('each family is an X402Error with a literal name', () => {
  const error: X402Error = new UnknownNetworkError({ network: 1 })
  expect(error).toBeInstanceOf(X402Error)
  expect(error.name).toBe('UnknownNetworkError')
})
