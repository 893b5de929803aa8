import { describe, expect, test } from 'vitest'
import { harnessStep, SuiteError } from './errors.js'
import { CaseFailure, CaseSkip } from './failure.js'

describe('SuiteError', () => {
  test('default', () => {
    const error = new SuiteError({ shortMessage: 't.sign: the case holds no key for 0xaa', details: 'pass options.signer' })
    expect(error.name).toBe('SuiteError')
    expect(error.message).toMatchInlineSnapshot(`
      "t.sign: the case holds no key for 0xaa

      Details: pass options.signer"
    `)
  })
})

describe('harnessStep', () => {
  test('default: the value of the step', async () => {
    await expect(harnessStep('count', async () => 3)).resolves.toBe(3)
  })

  test('any other error becomes an error of the suite, with its cause', async () => {
    const cause = new Error('Address "0xABC" is invalid.\n\nDocs: …')
    const error = (await harnessStep('read the balance', () => Promise.reject(cause)).catch((e: unknown) => e)) as SuiteError
    expect(error).toBeInstanceOf(SuiteError)
    expect([error.shortMessage, error.details, error.cause]).toEqual([
      'the harness could not read the balance',
      'Address "0xABC" is invalid.',
      cause,
    ])
  })

  test("a case's verdict, a skip and a suite error pass through", async () => {
    for (const e of [new CaseFailure('no'), new CaseSkip('n/a'), new SuiteError({ shortMessage: 'broke' })]) {
      await expect(harnessStep('x', () => Promise.reject(e))).rejects.toBe(e)
    }
  })
})
