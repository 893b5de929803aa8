import { declareDiscoveryExtension } from '@x402/extensions/bazaar'
import { describe, expect, test } from 'vitest'
import { declareBazaar } from '../../../src/server/bazaar.js'
import { bazaarProblems } from './bazaar-schema.js'

const ours = declareBazaar({ method: 'GET', queryParams: { city: 'Lisbon' }, output: { example: { sunny: true } } })

describe('bazaarProblems', () => {
  test('default: the reference server declaration is valid', () => {
    expect(bazaarProblems(ours)).toEqual([])
    const body = declareBazaar({ method: 'POST', bodyType: 'json', body: { q: 'x' }, bodySchema: { required: ['q'] } })
    expect(bazaarProblems(body)).toEqual([])
  })
  test('upstream 2.27 declarations are valid once the server adds the request method, as it does in a challenge', () => {
    const query = declareDiscoveryExtension({ input: { city: 'Lisbon' }, output: { example: { sunny: true } } })
    const body = declareDiscoveryExtension({ bodyType: 'json', input: { q: 'x' } })
    for (const [declared, method] of [
      [query, 'GET'],
      [body, 'POST'],
    ] as const) {
      const [declaration] = Object.values(declared) as { info: { input: Record<string, unknown> } }[]
      expect(bazaarProblems(declaration).length).toBeGreaterThan(0)
      declaration!.info.input['method'] = method
      expect(bazaarProblems(declaration)).toEqual([])
    }
  })
  test.each([
    ['no info', { schema: ours.schema }],
    ['an unknown input type', { ...ours, info: { input: { type: 'grpc' } } }],
    ['a body method without bodyType', { ...ours, info: { input: { type: 'http', method: 'POST' } } }],
    ['info that breaks its own schema', { ...ours, info: { input: { type: 'http', method: 'GET', extra: 1 } } }],
    ['an external $ref', { ...ours, schema: { $ref: 'https://example.com/s.json' } }],
    ['a schema that does not compile', { ...ours, schema: { type: 12 } }],
  ])('invalid: %s', (_name, declaration) => {
    expect(bazaarProblems(declaration).length).toBeGreaterThan(0)
  })
})
